package io.datasource.oms.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One OMS answer envelope, parsed tolerantly (OMS-API.md, "Calling convention"): property names in
 * any case, unknown fields ignored, {@code cost} kept as opaque text, IDs and strings trimmed, the
 * code, message and request ID taken from {@code errorDetail} when the top level lacks them.
 */
final class Envelope {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonObjectView body;

  private Envelope(JsonObjectView body) {
    this.body = body;
  }

  /** The envelope in this answer body, or null when the body is not a JSON object. */
  static Envelope parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? new Envelope(new JsonObjectView(node)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The top-level {@code requestId}, else that of {@code errorDetail}, else null. */
  String requestId() {
    String id = body.text("requestId");
    return id != null ? id : body.object("errorDetail").map(d -> d.text("requestId")).orElse(null);
  }

  /** The {@code success} flag, or null when there is none (or it is not a boolean). */
  Boolean success() {
    return body.bool("success");
  }

  /** {@code data}, or null when absent or JSON null. */
  JsonNode data() {
    return body.get("data");
  }

  Long totalCount() {
    return body.number("totalCount");
  }

  /** {@code cost} is documented as seconds and seen as " 27 ms" or 27: kept as opaque text. */
  String cost() {
    return body.text("cost");
  }

  /**
   * What the envelope says about a failure. Without a code or message, a non-200 answer gets
   * {@code HTTP_<status>} and "OMS answered HTTP <status>". Every text passes through
   * {@code redaction}: OMS may echo the request's secrets.
   */
  OmsError error(int status, String requestId, Redaction redaction) {
    JsonObjectView detail = body.object("errorDetail").orElse(null);
    String code = body.text("code");
    String message = body.text("message");
    if (code == null && detail != null) {
      code = detail.text("code");
    }
    if (message == null && detail != null) {
      message = detail.text("message");
    }
    if (code == null && status != 200) {
      code = "HTTP_" + status;
    }
    if (message == null && status != 200) {
      message = "OMS answered HTTP " + status;
    }
    Map<String, Object> detailMap = new LinkedHashMap<>();
    if (detail != null) {
      for (Map.Entry<String, JsonNode> e : detail.entries()) {
        detailMap.put(e.getKey(), redaction.scrubValue(e.getValue()));
      }
    }
    return new OmsError(redaction.scrub(code), redaction.scrub(message),
        redaction.scrub(body.text("advice")), requestId, status, detailMap);
  }

  /** The ID in a create answer's {@code data}: text or integer, or an object's {@code id}; trimmed. */
  static String idOf(JsonNode data) {
    if (data == null || data.isNull()) {
      return null;
    }
    if (data.isTextual() || data.isIntegralNumber()) {
      return data.asText().trim();
    }
    if (data.isObject()) {
      return new JsonObjectView(data).text("id");
    }
    return null;
  }

  /** One item of a list answer, or null when it is not an object with an id and a name. */
  static DataSourceRecord toRecord(JsonNode item) {
    if (item == null || !item.isObject()) {
      return null;
    }
    JsonObjectView o = new JsonObjectView(item);
    String id = o.text("id");
    String name = o.text("name");
    if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
      return null;
    }
    Long port = o.number("port");
    return new DataSourceRecord(id, name, o.text("type"), o.text("region"), o.text("ip"),
        port == null ? null : port.intValue(), o.text("userName"), o.rawText("description"),
        o.text("gmtCreate"), o.text("gmtModified"));
  }
}
