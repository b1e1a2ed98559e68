package io.datasource.oms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of {@link SimulatedOms}: every call is recorded before anything else happens,
 * then delayed by the configured latency, then refused (method, path, outage, fault, Basic
 * credentials), answered with a canned body, or routed to the action it names.
 */
final class HttpFront implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  private final ObjectMapper json = new ObjectMapper();
  private final SimulatedOms oms;
  private final Faults faults;
  private final CallLog calls;
  private final AnswerWriter writer;
  private final UnknownActionStyle unknownActionStyle;
  private final Map<String, CannedAnswer> canned = new ConcurrentHashMap<>();
  private volatile String expectedAuthorization;
  private HttpServer server;
  private ExecutorService executor;
  private URI baseUrl;

  HttpFront(SimulatedOms oms, Faults faults, CallLog calls, AnswerWriter writer,
      UnknownActionStyle unknownActionStyle) {
    this.oms = oms;
    this.faults = faults;
    this.calls = calls;
    this.writer = writer;
    this.unknownActionStyle = unknownActionStyle;
  }

  /** Serves on the loopback interface ({@code port} 0 picks a free one), https with a context. */
  void start(int port, SSLContext sslContext) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (sslContext != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this);
    server.start();
    String scheme = sslContext != null ? "https" : "http";
    baseUrl = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    LOG.debug("OMS simulator listening on {}", baseUrl);
  }

  URI baseUrl() {
    return baseUrl;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Replaces the Basic credentials checked on every call; both null turns the check off. */
  void credentials(String username, String password) {
    if (username == null && password == null) {
      expectedAuthorization = null;
      return;
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    expectedAuthorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  void cannedCreateAnswer(String name, int status, String contentType, String body) {
    canned.put(name, new CannedAnswer(status, contentType, body));
  }

  void clearCanned() {
    canned.clear();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    try {
      String action = queryParameter(exchange.getRequestURI().getRawQuery(), "Action");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      calls.record(action, body, authorization);

      Duration latency = faults.nextLatency();
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        writer.envelope(exchange, OmsAnswer.failure(405, "METHOD_NOT_ALLOWED", "Use POST"),
            requestId, start);
        return;
      }
      if (!"/api/v2".equals(exchange.getRequestURI().getPath())) {
        writer.text(exchange, 404, "Not Found");
        return;
      }
      if (faults.isUnavailable()) {
        writer.text(exchange, 503, "Service Unavailable");
        return;
      }
      Fault fault = faults.pick(isListingOfAll(action, body) ? OmsSimulator.LISTING_ALL : action)
          .orElse(null);
      if (fault != null && fault != Fault.COMMIT_THEN_DROP && fault != Fault.BLANK_DATA
          && fault != Fault.SLOW_ANSWER) {
        answerFault(exchange, fault, requestId, start);
        return;
      }
      String expected = expectedAuthorization;
      if (expected != null && !expected.equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OMS\"");
        writer.envelope(exchange, OmsAnswer.failure(401, OmsSimulator.CODE_UNAUTHORIZED,
            "Authentication required"), requestId, start);
        return;
      }
      CannedAnswer answer = cannedFor(action, body);
      if (answer != null) {
        writer.raw(exchange, answer.status(), answer.contentType(), answer.body());
        return;
      }
      OmsAnswer result = route(action, body);
      if (fault == Fault.SLOW_ANSWER) {
        Duration delay = faults.slowAnswerDelay();
        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
      }
      if (fault == Fault.COMMIT_THEN_DROP) {
        LOG.debug("simulator {} committed, dropping the connection (requestId={})", action, requestId);
        return; // closing the exchange before any header was sent closes the connection
      }
      if (fault == Fault.BLANK_DATA && result.success()) {
        result = OmsAnswer.ok(" ");
      }
      writer.envelope(exchange, result, requestId, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("simulator failed on a request (requestId={})", requestId, e);
      writer.envelope(exchange, OmsAnswer.failure(500, "INTERNAL_ERROR", "simulator error"),
          requestId, start);
    } finally {
      // closing an exchange whose headers were never sent closes the connection unanswered
      exchange.close();
    }
  }

  /** Sends the call to the action it names; an action the OMS does not know is answered so. */
  private OmsAnswer route(String action, String body) {
    if (!oms.knows(action)) {
      int status = unknownActionStyle == UnknownActionStyle.HTTP_404 ? 404 : 200;
      return OmsAnswer.failure(status, OmsSimulator.CODE_UNKNOWN_ACTION, "Unknown action: " + action);
    }
    if (SimulatedOms.LIST_ACTION.equals(action)) {
      return oms.list(parse(body));
    }
    if (SimulatedOms.DELETE_ACTION.equals(action)) {
      return oms.delete(parse(body));
    }
    return oms.create(parse(body));
  }

  private void answerFault(HttpExchange exchange, Fault fault, String requestId, long start)
      throws IOException {
    switch (fault) {
      case HTTP_500:
        writer.envelope(exchange, OmsAnswer.failure(500, "INTERNAL_ERROR", "Internal server error"),
            requestId, start);
        return;
      case HTTP_503:
        writer.text(exchange, 503, "Service Unavailable");
        return;
      case HTTP_429:
        exchange.getResponseHeaders().add("Retry-After", "1");
        writer.text(exchange, 429, "Too Many Requests");
        return;
      case HTTP_408:
        writer.text(exchange, 408, "Request Timeout");
        return;
      case HTTP_400:
        writer.envelope(exchange, OmsAnswer.failure(400, "BAD_REQUEST", "Malformed request"),
            requestId, start);
        return;
      case HTTP_403:
        writer.envelope(exchange, OmsAnswer.failure(403, "FORBIDDEN", "Permission denied"),
            requestId, start);
        return;
      case GHANA_OPERIE:
        writer.envelope(exchange, OmsAnswer.failure(200, OmsSimulator.CODE_GHANA_OPERIE,
            "Internal error, please retry later").withAdvice("Retry later"), requestId, start);
        return;
      case DROP:
      default:
        // closing the exchange before any header was sent closes the connection
    }
  }

  /** A ListDataSource without a search key: the operator's inventory (fault key LISTING_ALL). */
  private boolean isListingOfAll(String action, String body) {
    if (!SimulatedOms.LIST_ACTION.equals(action)) {
      return false;
    }
    try {
      JsonNode key = json.readTree(body).path("searchKey");
      return key.isMissingNode() || key.isNull() || key.asText().isEmpty();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private CannedAnswer cannedFor(String action, String body) {
    if (canned.isEmpty() || action == null || !action.startsWith("Create")) {
      return null;
    }
    JsonNode req = parse(body);
    String name = req == null ? null : CreateValidation.text(req, "name");
    return name == null ? null : canned.get(name);
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String queryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "oms-simulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private record CannedAnswer(int status, String contentType, String body) {}
}
