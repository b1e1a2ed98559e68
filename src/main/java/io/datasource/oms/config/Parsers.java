package io.datasource.oms.config;

import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.config.Variable.Parser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The kinds of value the table reads. Each message starts with the variable's name (through
 * {@link ConfigException}) and quotes the value, except for secrets.
 */
final class Parsers {

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_SELECTOR_SYNTAX = labelSelectorPattern();

  private Parsers() {}

  /** A parser from a function and a formatter. */
  static <T> Parser<T> parser(BiFunction<String, String, T> parse, Function<T, String> format) {
    return new Parser<>() {
      @Override
      public T parse(String value, Variable<T> variable) {
        return parse.apply(variable.name(), value);
      }

      @Override
      public String format(T value) {
        return format.apply(value);
      }
    };
  }

  static Parser<Duration> duration(boolean positive) {
    return parser((name, v) -> {
      Duration d;
      try {
        d = Durations.parse(v);
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a duration; " + Durations.EXPECTED);
      }
      if (d.isNegative() || (positive && d.isZero())) {
        throw new ConfigException(name, "\"" + v + "\" must be " + (positive ? "above" : "at least")
            + " zero");
      }
      return d;
    }, Durations::format);
  }

  static Parser<Integer> integer(int min, int max) {
    return parser((name, v) -> {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a whole number");
      }
      if (n < min || n > max) {
        throw new ConfigException(name, "\"" + v + "\" is outside " + min + ".." + max);
      }
      return n;
    }, String::valueOf);
  }

  static Parser<Double> positiveNumber(double max) {
    return parser((name, v) -> {
      double n;
      try {
        n = Double.parseDouble(v);
      } catch (NumberFormatException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a number");
      }
      if (!(n > 0) || n > max || Double.isNaN(n)) {
        throw new ConfigException(name, "\"" + v + "\" must be above 0 and at most " + (long) max);
      }
      return n;
    }, n -> n == Math.rint(n) ? String.valueOf(n.longValue()) : String.valueOf(n));
  }

  static Parser<Boolean> bool() {
    return parser((name, v) -> {
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw new ConfigException(name, "\"" + v + "\" is not true or false");
    }, String::valueOf);
  }

  /** An enum constant, case-insensitive; written in lower case. */
  static <E extends Enum<E>> Parser<E> lowerCaseChoice(Class<E> type) {
    return parser((name, v) -> {
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(v)) {
          return c;
        }
      }
      StringBuilder allowed = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw new ConfigException(name, "\"" + v + "\" is not one of " + allowed);
    }, c -> c.name().toLowerCase(Locale.ROOT));
  }

  /** An enum constant, case-insensitive; written as declared. */
  static <E extends Enum<E>> Parser<E> choice(Class<E> type) {
    return parser((name, v) -> {
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(v)) {
          return c;
        }
      }
      throw new ConfigException(name, "\"" + v + "\" is not one of "
          + String.join(", ", List.of(type.getEnumConstants()).stream().map(Enum::name).toList()));
    }, Enum::name);
  }

  /** One of the given words, exactly. */
  static Parser<String> exactly(String... words) {
    List<String> allowed = List.of(words);
    return parser((name, v) -> {
      if (!allowed.contains(v)) {
        throw new ConfigException(name, "\"" + v + "\" is not one of " + String.join(", ", allowed));
      }
      return v;
    }, v -> v);
  }

  /** One of the given words in any case; the value is the word in upper case. */
  static Parser<String> upperCaseWord(String... words) {
    List<String> allowed = List.of(words);
    return parser((name, v) -> {
      String upper = v.toUpperCase(Locale.ROOT);
      if (!allowed.contains(upper)) {
        throw new ConfigException(name, "\"" + v + "\" is not one of " + String.join(", ", allowed));
      }
      return upper;
    }, v -> v);
  }

  static Parser<URI> baseUrl() {
    return parser((name, raw) -> {
      URI uri;
      try {
        uri = new URI(raw);
      } catch (URISyntaxException ex) {
        throw new ConfigException(name, "\"" + raw + "\" is not a URL");
      }
      OmsSettings.BaseUrlProblem problem = OmsSettings.baseUrlProblem(uri);
      if (problem == OmsSettings.BaseUrlProblem.CREDENTIALS) {
        // The value may hold a password: do not quote it.
        throw new ConfigException(name, "must not carry credentials; use OMS_USERNAME and"
            + " OMS_PASSWORD (or their _FILE forms)");
      }
      if (problem == OmsSettings.BaseUrlProblem.NOT_HTTP) {
        throw new ConfigException(name, "\"" + raw
            + "\" must be an absolute http or https URL such as https://oms.example:8089");
      }
      if (problem == OmsSettings.BaseUrlProblem.QUERY_OR_FRAGMENT) {
        throw new ConfigException(name, "\"" + raw
            + "\" must not have a query or fragment: the client adds /api/v2?Action=...");
      }
      return uri;
    }, URI::toString);
  }

  /** A user name or password set directly: used exactly as set (no trim). */
  static Parser<String> credential() {
    return new Parser<>() {
      @Override
      public String parse(String value, Variable<String> variable) {
        return withoutControlCharacters(value, variable);
      }

      @Override
      public boolean exact() {
        return true;
      }
    };
  }

  /**
   * A user name or password read from the file the variable names. Exactly one trailing line break
   * is removed: editors and {@code echo > file} add one, and a Secret created from such a file
   * keeps it. Other white space is kept, since it may be part of a password.
   */
  static Parser<String> credentialFile() {
    return (file, variable) -> {
      String value;
      try {
        value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException ex) {
        throw new ConfigException(variable.name(),
            "cannot read \"" + file + "\" (" + ex.getClass().getSimpleName() + ")");
      }
      value = stripOneLineBreak(value);
      if (value.isEmpty()) {
        throw new ConfigException(variable.name(), "\"" + file + "\" is empty");
      }
      return withoutControlCharacters(value, variable);
    };
  }

  /** The PEM text of the file the variable names, checked to hold X.509 certificates. */
  static Parser<String> pemFile() {
    return parser((name, file) -> {
      String pem;
      try {
        pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException ex) {
        throw new ConfigException(name,
            "cannot read \"" + file + "\" (" + ex.getClass().getSimpleName() + ")");
      }
      int count;
      try {
        count = CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .size();
      } catch (CertificateException ex) {
        throw new ConfigException(name,
            "\"" + file + "\" is not a PEM bundle of X.509 certificates: " + ex.getMessage());
      }
      if (count == 0) {
        throw new ConfigException(name, "\"" + file + "\" holds no certificate");
      }
      return pem;
    }, pem -> "set");
  }

  /** A comma-separated list of namespace names; blanks between commas are skipped. */
  static Parser<Set<String>> namespaces() {
    return parser((name, value) -> {
      Set<String> namespaces = new LinkedHashSet<>();
      for (String part : value.split(",", -1)) {
        String ns = part.trim();
        if (ns.isEmpty()) {
          continue;
        }
        if (ns.length() > 63 || !DNS_LABEL.matcher(ns).matches()) {
          throw new ConfigException(name, "\"" + ns
              + "\" is not a namespace name (lower-case DNS label); the list is comma-separated");
        }
        namespaces.add(ns);
      }
      return Collections.unmodifiableSet(namespaces);
    }, set -> set.isEmpty() ? "all" : String.join(",", set));
  }

  static Parser<String> namespace() {
    return parser((name, value) -> {
      if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
        throw new ConfigException(name,
            "\"" + value + "\" is not a namespace name (lower-case DNS label)");
      }
      return value;
    }, v -> v);
  }

  static Parser<String> leaseName() {
    return parser((name, value) -> {
      if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
        throw new ConfigException(name, "\"" + value
            + "\" is not a valid Lease name (lower-case DNS subdomain, at most 253 characters)");
      }
      return value;
    }, v -> v);
  }

  static Parser<String> labelSelector() {
    return parser((name, value) -> {
      if (!LABEL_SELECTOR_SYNTAX.matcher(value).matches()) {
        throw new ConfigException(name, "\"" + value
            + "\" is not a label selector such as team=payments,tier!=test or env in (a,b)");
      }
      return value;
    }, v -> v);
  }

  private static String withoutControlCharacters(String value, Variable<String> variable) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new ConfigException(variable.name(), (variable.secret() ? "the value"
            : "\"" + value.strip() + "\"") + " contains a line break or another control character");
      }
    }
    return value;
  }

  private static String stripOneLineBreak(String value) {
    if (value.endsWith("\r\n")) {
      return value.substring(0, value.length() - 2);
    }
    if (value.endsWith("\n")) {
      return value.substring(0, value.length() - 1);
    }
    return value;
  }

  private static Pattern labelSelectorPattern() {
    String key = "(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
    String value = "[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
    String equality = key + "\\s*(?:==|=|!=)\\s*(?:" + value + ")?";
    String set = key + "\\s+(?:in|notin)\\s*\\(\\s*" + value + "(?:\\s*,\\s*" + value + ")*\\s*\\)";
    String exists = "!?\\s*" + key;
    String requirement = "\\s*(?:" + set + "|" + equality + "|" + exists + ")\\s*";
    return Pattern.compile(requirement + "(?:," + requirement + ")*");
  }
}
