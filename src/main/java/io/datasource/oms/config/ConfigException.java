package io.datasource.oms.config;

/**
 * A configuration value that cannot be used. The message always starts with the variable's name;
 * it quotes the bad value except for secrets.
 */
public final class ConfigException extends RuntimeException {

  private final String variable;

  public ConfigException(String variable, String message) {
    super(variable + ": " + message);
    this.variable = variable;
  }

  public ConfigException(String variable, String message, Throwable cause) {
    super(variable + ": " + message, cause);
    this.variable = variable;
  }

  /** The name of the environment variable at fault. */
  public String variable() {
    return variable;
  }
}
