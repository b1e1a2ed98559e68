package io.datasource.oms.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JSON object read tolerantly (OMS-API.md): property names case-insensitive (the first of two
 * spellings wins), JSON null read as absent, scalars read as trimmed text.
 */
final class JsonObjectView {
  private final Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, JsonNode> original = new LinkedHashMap<>();

  JsonObjectView(JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.putIfAbsent(e.getKey(), e.getValue());
      original.put(e.getKey(), e.getValue());
    }
  }

  JsonNode get(String key) {
    JsonNode v = fields.get(key);
    return v == null || v.isNull() || v.isMissingNode() ? null : v;
  }

  /** Every property as sent, names unchanged. */
  Set<Map.Entry<String, JsonNode>> entries() {
    return original.entrySet();
  }

  /** Trimmed text of a scalar, or null. */
  String text(String key) {
    String raw = rawText(key);
    return raw == null ? null : raw.trim();
  }

  /** Text of a scalar as sent, or null. */
  String rawText(String key) {
    JsonNode v = get(key);
    return v == null || v.isContainerNode() ? null : v.asText();
  }

  /** A JSON boolean, or the text "true"/"false" in any case; null for anything else. */
  Boolean bool(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    String t = v.asText().trim();
    if (t.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (t.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  /** A JSON number, or text holding an integer; null for anything else. */
  Long number(String key) {
    JsonNode v = get(key);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.longValue();
    }
    try {
      return Long.valueOf(v.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Optional<JsonObjectView> object(String key) {
    JsonNode v = get(key);
    return v != null && v.isObject() ? Optional.of(new JsonObjectView(v)) : Optional.empty();
  }
}
