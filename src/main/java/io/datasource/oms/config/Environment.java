package io.datasource.oms.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The environment as the table reads it: a variable is parsed the first time it is asked for (so
 * that a variable that does not count, such as {@code OMS_PASSWORD} next to
 * {@code OMS_PASSWORD_FILE}, is never judged), and an empty value counts as unset (Helm renders
 * unset values as empty strings).
 */
final class Environment {

  private final Map<String, String> env;
  private final Path serviceAccountNamespaceFile;
  private final Map<Variable<?>, Object> parsed = new HashMap<>();

  Environment(Map<String, String> env, Path serviceAccountNamespaceFile) {
    this.env = Objects.requireNonNull(env, "env");
    this.serviceAccountNamespaceFile = serviceAccountNamespaceFile;
  }

  /** The variable's value: parsed when set, its table default when not. */
  @SuppressWarnings("unchecked")
  <T> T get(Variable<T> variable) {
    if (parsed.containsKey(variable)) {
      return (T) parsed.get(variable);
    }
    String value = text(variable);
    T result = value == null ? variable.fallback().value(this)
        : variable.parser().parse(value, variable);
    parsed.put(variable, result);
    return result;
  }

  /** Whether the variable is set to something (empty counts as unset). */
  boolean has(Variable<?> variable) {
    return text(variable) != null;
  }

  /** The variable's text as its parser sees it; null when unset. */
  String text(Variable<?> variable) {
    String raw = env.get(variable.name());
    if (raw == null) {
      return null;
    }
    String value = variable.parser().exact() ? raw : raw.trim();
    return value.isEmpty() ? null : value;
  }

  /** A variable outside the table (the downward API's POD_NAME, HOSTNAME), trimmed; or null. */
  String other(String name) {
    String raw = env.get(name);
    String value = raw == null ? null : raw.trim();
    return value == null || value.isEmpty() ? null : value;
  }

  /** Where the pod's namespace is mounted for its service account; null for nowhere. */
  Path serviceAccountNamespaceFile() {
    return serviceAccountNamespaceFile;
  }
}
