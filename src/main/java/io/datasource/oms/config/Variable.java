package io.datasource.oms.config;

import io.datasource.oms.client.Redaction;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One row of the configuration table ({@link Variables}): an environment variable, how its value
 * is read, what it is when unset, whether it is a secret, and one line for the README.
 *
 * @param name the environment variable
 * @param parser reads a set value; its messages name the variable
 * @param fallback the value when the variable is unset or empty (may read other variables)
 * @param defaultText the default as the README writes it
 * @param secret the value, or the content of the file it names, is a secret: never quoted in a
 *     message, shown as {@code <redacted>}
 * @param doc the README's "meaning" column
 * @param current where the value lands in the parsed configuration (for {@link
 *     OperatorConfig#toString()}); null for the file forms of the credentials, which land in the
 *     same place as their variables
 */
public record Variable<T>(
    String name,
    Parser<T> parser,
    Fallback<T> fallback,
    String defaultText,
    boolean secret,
    String doc,
    Function<OperatorConfig, T> current) {

  public Variable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(defaultText, "defaultText");
    Objects.requireNonNull(doc, "doc");
  }

  /** A variable with a fixed default, written in the README as the parser formats it. */
  static <T> Variable<T> of(String name, Parser<T> parser, T defaultValue,
      Function<OperatorConfig, T> current, String doc) {
    return new Variable<>(name, parser, env -> defaultValue,
        "`" + parser.format(defaultValue) + "`", false, doc, current);
  }

  /** A variable whose default is described in words (none, required, derived from others). */
  static <T> Variable<T> of(String name, Parser<T> parser, Fallback<T> fallback,
      String defaultText, Function<OperatorConfig, T> current, String doc) {
    return new Variable<>(name, parser, fallback, defaultText, false, doc, current);
  }

  /**
   * The default when nothing else is set either (for a default that depends on other variables,
   * their defaults). Where the same setting has another source, such as an OmsConnection's spec.
   */
  public T defaultValue() {
    return fallback.value(new Environment(Map.of(), null));
  }

  /** This variable, marked as holding (or naming) a secret. */
  Variable<T> asSecret() {
    return new Variable<>(name, parser, fallback, defaultText, true, doc, current);
  }

  /** The value as {@link OperatorConfig#toString()} shows it: secrets redacted. */
  String show(OperatorConfig config) {
    T value = current.apply(config);
    if (value == null) {
      return "none";
    }
    return secret ? Redaction.REDACTED : parser.format(value);
  }

  /** How a variable's value is read, and written back for logs and the README. */
  interface Parser<T> {

    /** The value of a set, non-empty variable; a {@link ConfigException} naming it otherwise. */
    T parse(String value, Variable<T> variable);

    /** As logs and the README show a value. */
    default String format(T value) {
      return String.valueOf(value);
    }

    /** Whether the value is used exactly as set; otherwise it is trimmed first. */
    default boolean exact() {
      return false;
    }
  }

  /** The value of an unset variable; may read other variables of the environment. */
  @FunctionalInterface
  interface Fallback<T> {
    T value(Environment env);
  }
}
