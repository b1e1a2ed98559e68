package io.datasource.oms.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes answers on the wire: the OMS envelope in the configured casing and {@code cost} shape,
 * plain-text gateway answers, and canned bodies sent exactly as given.
 */
final class AnswerWriter {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerWriter.class);

  private final ObjectMapper json = new ObjectMapper();
  private final EnvelopeCasing casing;
  private final CostShape costShape;

  AnswerWriter(EnvelopeCasing casing, CostShape costShape) {
    this.casing = casing;
    this.costShape = costShape;
  }

  /** The envelope of {@code a}; {@code start} (nanoTime of arrival) gives {@code cost}. */
  void envelope(HttpExchange exchange, OmsAnswer a, String requestId, long start)
      throws IOException {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("success", a.success());
    if (a.success()) {
      env.put("errorDetail", null);
    } else {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("code", a.code());
      detail.put("message", a.message());
      detail.put("requestId", requestId);
      detail.put("messageMcmsKey", "oms.simulator." + a.code());
      detail.put("messageMcmsContext", Map.of());
      env.put("errorDetail", detail);
    }
    env.put("code", a.code());
    env.put("message", a.message());
    env.put("advice", a.advice());
    env.put("requestId", requestId);
    env.put("pageNumber", a.pageNumber());
    env.put("pageSize", a.pageSize());
    env.put("totalCount", a.totalCount());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    env.put("cost", cost(ms));
    env.put("data", a.data());
    env.put("serverVersion", "oms-simulator"); // an unknown field: clients must ignore it
    Object shaped = casing == EnvelopeCasing.PASCAL ? pascal(env) : env;
    send(exchange, a.status(), "application/json;charset=UTF-8", json.writeValueAsBytes(shaped));
    LOG.debug("simulator answered HTTP {} success={} code={} requestId={}",
        a.status(), a.success(), a.code(), requestId);
  }

  /** A plain-text answer, as a gateway in front of OMS gives. */
  void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** Exactly this status, content type and body. */
  void raw(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Object cost(long ms) {
    switch (costShape) {
      case NUMBER:
        return ms;
      case TEXT_MS_COMPACT:
        return ms + " ms";
      default:
        return " " + ms + " ms";
    }
  }

  @SuppressWarnings("unchecked")
  private static Object pascal(Object value) {
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) value).entrySet()) {
        String k = e.getKey();
        out.put(k.isEmpty() ? k : Character.toUpperCase(k.charAt(0)) + k.substring(1), pascal(e.getValue()));
      }
      return out;
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<Object>) value) {
        out.add(pascal(o));
      }
      return out;
    }
    return value;
  }
}
