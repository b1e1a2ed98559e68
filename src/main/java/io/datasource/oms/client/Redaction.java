package io.datasource.oms.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one placeholder used wherever a secret would otherwise be printed, and, inside the client,
 * the secrets of one call: what must never reach a log line or an exception although OMS may echo
 * it (the OMS password, the Basic token, the database password and AccessKey secret, as text and
 * as Base64). Immutable.
 */
public final class Redaction {
  public static final String REDACTED = "<redacted>";

  /** Request keys whose values are secrets, compared in lower case. */
  private static final Set<String> SECRET_KEYS = Set.of("password", "secretkey", "accesskeysecret");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Scrubs these secrets, in this order; null and empty ones are ignored. */
  static Redaction of(Collection<String> secrets) {
    return new Redaction(usable(secrets));
  }

  /** These secrets followed by {@code more}. */
  Redaction and(Collection<String> more) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(usable(more));
    return new Redaction(List.copyOf(all));
  }

  /** Replaces every occurrence of a known secret (as OMS might echo it) with the placeholder. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, REDACTED);
    }
    return out;
  }

  /** An {@code errorDetail} value for {@link OmsError}: text scrubbed, containers as scrubbed JSON. */
  Object scrubValue(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return scrub(value.asText());
    }
    if (value.isContainerNode()) {
      return scrub(value.toString());
    }
    return JSON.convertValue(value, Object.class);
  }

  /** The request body as JSON with the value of every secret key replaced by the placeholder. */
  static String redactedJson(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.replaceAll((key, value) ->
        SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT)) ? REDACTED : value);
    try {
      return JSON.writeValueAsString(copy);
    } catch (JsonProcessingException e) {
      return "<unprintable>";
    }
  }

  private static List<String> usable(Collection<String> secrets) {
    List<String> out = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        out.add(secret);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "Redaction[" + secrets.size() + " secrets]";
  }
}
