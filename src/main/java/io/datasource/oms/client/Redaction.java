package io.datasource.oms.client;

/** The one placeholder used wherever a secret would otherwise be printed. */
public final class Redaction {
  public static final String REDACTED = "<redacted>";

  private Redaction() {}
}
