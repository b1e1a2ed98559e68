package io.datasource.oms.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators write in manifests: {@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, combinations such as {@code 1m30s}, or ISO-8601 such as {@code PT5S}. A bare number
 * is refused: whether {@code 30} meant seconds or milliseconds is exactly the ambiguity that breaks
 * a timeout silently.
 */
public final class Durations {

  static final String EXPECTED = "use 500ms, 5s, 2m, 1h (or a sum such as 1m30s) or ISO-8601 such as PT5S";

  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** The duration, or an {@link IllegalArgumentException} saying what is accepted. */
  public static Duration parse(String text) {
    String value = text.trim();
    if (value.toUpperCase(Locale.ROOT).startsWith("PT") || value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(EXPECTED, e);
      }
    }
    if (!WHOLE.matcher(value).matches()) {
      throw new IllegalArgumentException(EXPECTED);
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    try {
      while (m.find()) {
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            total = total.plusMillis(amount);
            break;
          case "s":
            total = total.plusSeconds(amount);
            break;
          case "m":
            total = total.plus(Duration.ofMinutes(amount));
            break;
          default:
            total = total.plus(Duration.ofHours(amount));
            break;
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("too large; " + EXPECTED, e);
    }
    return total;
  }

  /** Short human form for logs and the README: 5s, 2m, 500ms. */
  public static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
