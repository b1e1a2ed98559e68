package io.datasource.oms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory OMS on the JDK HttpServer, bound to the loopback interface. See
 * COORDINATION.md for the contract and OMS-API.md for the behaviour it reproduces.
 *
 * <p>Every call is recorded (action, raw body, Authorization header) before anything else happens,
 * then delayed by the configured latency, then either answered with an injected fault or executed.
 * Business failures are answered with HTTP 200 and {@code success: false}, as OMS does.
 */
public final class OmsSimulator implements AutoCloseable {

  public static final String LIST_ACTION = "ListDataSource";
  public static final String DELETE_ACTION = "DeleteDataSource";
  /**
   * A fault key for ListDataSource calls without a search key only (the operator's inventory),
   * so that a test can fail those while lookups by name go through. Faults for
   * {@link #LIST_ACTION} apply to both.
   */
  public static final String LISTING_ALL = "ListDataSource(all)";

  /** Code of every validation failure, and of the connectivity test failure. */
  public static final String CODE_PARAM_ERROR = "PARAM_ERROR";
  /** Message prefix of the connectivity test failure (code {@link #CODE_PARAM_ERROR}). */
  public static final String CONNECTIVITY_FAILED = "Connectivity test failed";
  /** Message prefix of a duplicate name (code {@link #CODE_PARAM_ERROR}); OMS documents none. */
  public static final String DUPLICATE_NAME = "Duplicate data source name";
  /** Delete of an ID that does not exist. */
  public static final String CODE_NOT_EXIST = "DATASOURCE_NOT_EXIST";
  /** Delete of a data source used by a migration project. */
  public static final String CODE_IN_USE = "DATASOURCE_IN_USE";
  /** An action the server does not know. */
  public static final String CODE_UNKNOWN_ACTION = "UNKNOWN_ACTION";
  /** Missing or wrong Basic credentials (HTTP 401). */
  public static final String CODE_UNAUTHORIZED = "UNAUTHORIZED";
  /** The internal "retry later" error. */
  public static final String CODE_GHANA_OPERIE = "GHANA-OPERIE0001";
  /** The {@code type} the simulator lists for a PolarDB-X 1.0 source (undocumented in OMS). */
  public static final String POLARDBX_TYPE = "DRDS";
  /** The simulator's default cap on ListDataSource's page size. */
  public static final int DEFAULT_MAX_PAGE_SIZE = 100;

  private static final Logger LOG = LoggerFactory.getLogger(OmsSimulator.class);
  private static final int RECENT_LIMIT = 1000;
  private static final Pattern WHITESPACE = Pattern.compile("\\s");
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final DateTimeFormatter GMT_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ObjectMapper json = new ObjectMapper();
  private final CreateSpelling createSpellings;
  private final UserFieldKey userFieldKey;
  private final EnvelopeCasing envelopeCasing;
  private final CostShape costShape;
  private final Set<String> validRegions;
  private final UnknownActionStyle unknownActionStyle;
  private final boolean paddedIds;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUrl;
  private final Faults faults = new Faults();

  private final Map<String, Entry> dataSources = new LinkedHashMap<>();
  private final Map<String, CannedAnswer> canned = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
  private final AtomicInteger totalCalls = new AtomicInteger();
  private final Deque<RecordedRequest> recent = new ArrayDeque<>();
  private volatile String expectedAuthorization;
  private volatile Set<String> unreachable = Set.of();
  private volatile boolean deleteSupported = true;
  private final int maxPageSize;
  private volatile BiConsumer<String, String> callListener;

  private OmsSimulator(Builder b) throws IOException {
    this.createSpellings = b.createSpellings;
    this.userFieldKey = b.userFieldKey;
    this.envelopeCasing = b.envelopeCasing;
    this.costShape = b.costShape;
    this.validRegions = b.validRegions == null ? null : Set.copyOf(b.validRegions);
    this.unknownActionStyle = b.unknownActionStyle;
    this.paddedIds = b.paddedIds;
    this.maxPageSize = b.maxPageSize;
    credentials(b.username, b.password);

    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port);
    if (b.sslContext != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(b.sslContext));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    executor = Executors.newCachedThreadPool(daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String scheme = b.sslContext != null ? "https" : "http";
    baseUrl = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    LOG.debug("OMS simulator listening on {}", baseUrl);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URL to give the client, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Faults faults() {
    return faults;
  }

  /** Replaces the Basic credentials checked on every call; both null turns the check off. */
  public void credentials(String username, String password) {
    if (username == null && password == null) {
      expectedAuthorization = null;
      return;
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    expectedAuthorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The data sources present, in creation order. */
  public synchronized List<SimulatedDataSource> dataSources() {
    List<SimulatedDataSource> out = new ArrayList<>(dataSources.size());
    for (Entry e : dataSources.values()) {
      out.add(e.snapshot());
    }
    return out;
  }

  /** The data source with this name, if any. */
  public synchronized Optional<SimulatedDataSource> findByName(String name) {
    return dataSources.values().stream().filter(e -> e.name.equals(name)).findFirst().map(Entry::snapshot);
  }

  /** How many calls of {@code action} arrived (faulted, refused and unauthenticated ones too). */
  public int callCount(String action) {
    AtomicInteger n = callCounts.get(action);
    return n == null ? 0 : n.get();
  }

  /** How many calls arrived, of every action. */
  public int totalCalls() {
    return totalCalls.get();
  }

  /** The most recent requests (up to 1000), oldest first. */
  public List<RecordedRequest> recentRequests() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /** Adds a data source as if someone had created it outside the operator; returns its ID. */
  public synchronized String addExisting(String name, String region) {
    if (findEntryByName(name) != null) {
      throw new IllegalStateException("a data source named " + name + " exists already");
    }
    Entry e = new Entry(newId(), name, POLARDBX_TYPE, region, "existing-user", "10.0.0.1:3306",
        "created outside the operator", "existing-access-key", Instant.now());
    dataSources.put(e.id, e);
    return e.id;
  }

  /**
   * Deletes a data source as someone in the OMS console would, behind the operator's back (no
   * call is recorded).
   */
  public synchronized void deleteBehindBack(String id) {
    entryOrThrow(id);
    dataSources.remove(id);
  }

  /**
   * Changes the fields of a data source behind the operator's back; a null argument keeps that
   * field.
   */
  public synchronized void changeBehindBack(String id, String region, String intranetAddr,
      String description) {
    Entry e = entryOrThrow(id);
    if (region != null) {
      e.region = region;
    }
    if (intranetAddr != null) {
      e.intranetAddr = intranetAddr;
    }
    if (description != null) {
      e.description = description;
    }
  }

  /** The largest page ListDataSource serves; larger requests get pages of this size. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** Marks the data source as used by a migration project: delete is then refused. */
  public synchronized void markInUse(String id) {
    entryOrThrow(id).inUse = true;
  }

  /** Undoes {@link #markInUse(String)}. */
  public synchronized void release(String id) {
    entryOrThrow(id).inUse = false;
  }

  /** Create answers PARAM_ERROR "Connectivity test failed ..." for these intranet addresses. */
  public void unreachableAddresses(Set<String> addresses) {
    unreachable = Set.copyOf(addresses);
  }

  /** When false, DeleteDataSource is answered as an unknown action. */
  public void deleteSupported(boolean supported) {
    deleteSupported = supported;
  }

  /**
   * From now on, every create of a data source named {@code name} is answered with exactly this
   * HTTP status, content type and body, and nothing is executed: for clients facing an OMS (or a
   * proxy in front of it) that answers something other than an OMS envelope.
   */
  public void cannedCreateAnswer(String name, int status, String contentType, String body) {
    canned.put(name, new CannedAnswer(status, contentType, body));
  }

  /**
   * Runs {@code listener} with the action and raw body of every call as it arrives, on the
   * call's thread, before the call is answered or executed (null removes it): lets a test act
   * while the caller is waiting for OMS, e.g. change the resource whose create is in flight.
   */
  public void onCall(BiConsumer<String, String> listener) {
    this.callListener = listener;
  }

  /** Forgets every data source, counter, recorded request and fault. */
  public void reset() {
    callListener = null;
    canned.clear();
    synchronized (this) {
      dataSources.clear();
    }
    synchronized (recent) {
      recent.clear();
    }
    callCounts.clear();
    totalCalls.set(0);
    faults.clear();
    unreachable = Set.of();
    deleteSupported = true;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- request handling

  private boolean isListingOfAll(String action, String body) {
    if (!LIST_ACTION.equals(action)) {
      return false;
    }
    try {
      JsonNode key = json.readTree(body)
          .path("searchKey");
      return key.isMissingNode() || key.isNull() || key.asText().isEmpty();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    try {
      String action = queryParameter(exchange.getRequestURI().getRawQuery(), "Action");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      record(action, body, authorization);
      BiConsumer<String, String> listener = callListener;
      if (listener != null) {
        listener.accept(action, body);
      }

      Duration latency = faults.nextLatency();
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, Answer.failure(405, "METHOD_NOT_ALLOWED", "Use POST"), requestId, start);
        return;
      }
      if (!"/api/v2".equals(exchange.getRequestURI().getPath())) {
        answerText(exchange, 404, "Not Found");
        return;
      }
      if (faults.isUnavailable()) {
        answerText(exchange, 503, "Service Unavailable");
        return;
      }
      Fault fault = faults.pick(isListingOfAll(action, body) ? LISTING_ALL : action).orElse(null);
      if (fault != null && fault != Fault.COMMIT_THEN_DROP && fault != Fault.BLANK_DATA
          && fault != Fault.SLOW_ANSWER) {
        answerFault(exchange, fault, requestId, start);
        return;
      }
      String expected = expectedAuthorization;
      if (expected != null && !expected.equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OMS\"");
        answer(exchange, Answer.failure(401, CODE_UNAUTHORIZED, "Authentication required"),
            requestId, start);
        return;
      }
      CannedAnswer canned = cannedFor(action, body);
      if (canned != null) {
        answerRaw(exchange, canned);
        return;
      }
      Answer result = execute(action, body);
      if (fault == Fault.SLOW_ANSWER) {
        Duration delay = faults.slowAnswerDelay();
        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
      }
      if (fault == Fault.COMMIT_THEN_DROP) {
        LOG.debug("simulator {} committed, dropping the connection (requestId={})", action, requestId);
        return; // closing the exchange before any header was sent closes the connection
      }
      if (fault == Fault.BLANK_DATA && result.success) {
        result = Answer.ok(" ");
      }
      answer(exchange, result, requestId, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("simulator failed on a request (requestId={})", requestId, e);
      answer(exchange, Answer.failure(500, "INTERNAL_ERROR", "simulator error"), requestId, start);
    } finally {
      // closing an exchange whose headers were never sent closes the connection unanswered
      exchange.close();
    }
  }

  private void record(String action, String body, String authorization) {
    callCounts.computeIfAbsent(String.valueOf(action), k -> new AtomicInteger()).incrementAndGet();
    totalCalls.incrementAndGet();
    synchronized (recent) {
      recent.addLast(new RecordedRequest(action, body, authorization, Instant.now()));
      while (recent.size() > RECENT_LIMIT) {
        recent.removeFirst();
      }
    }
  }

  private Answer execute(String action, String body) {
    boolean isCreate = CreateSpelling.POLAR_ACTION.equals(action)
        || CreateSpelling.PILAR_ACTION.equals(action);
    if (isCreate && createSpellings.accepts(action)) {
      return create(parse(body));
    }
    if (LIST_ACTION.equals(action)) {
      return list(parse(body));
    }
    if (DELETE_ACTION.equals(action) && deleteSupported) {
      return delete(parse(body));
    }
    return unknownAction(action);
  }

  private Answer unknownAction(String action) {
    int status = unknownActionStyle == UnknownActionStyle.HTTP_404 ? 404 : 200;
    return Answer.failure(status, CODE_UNKNOWN_ACTION, "Unknown action: " + action);
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private Answer create(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    String name = text(req, "name");
    String region = text(req, "region");
    String user = userField(req);
    String password = text(req, "password");
    String accessKey = text(req, "accessKey");
    String secretKey = text(req, "secretKey");
    String intranetAddr = text(req, "intranetAddr");
    String description = text(req, "description");
    String userKey = userFieldKey == UserFieldKey.USER_NAME ? "userName" : "username";
    String[][] required = {
      {"name", name}, {"region", region}, {userKey, user}, {"password", password},
      {"accessKey", accessKey}, {"secretKey", secretKey}, {"intranetAddr", intranetAddr}
    };
    for (String[] field : required) {
      if (field[1] == null || field[1].isBlank()) {
        return paramError("Missing required parameter: " + field[0]);
      }
    }
    if (name.length() > 32 || WHITESPACE.matcher(name).find()) {
      return paramError("Invalid name: 1 to 32 characters without whitespace");
    }
    if (description != null && description.length() > 128) {
      return paramError("Invalid description: at most 128 characters");
    }
    try {
      Base64.getDecoder().decode(password);
    } catch (IllegalArgumentException e) {
      return paramError("Invalid password: it must be Base64-encoded");
    }
    if (validRegions != null && !validRegions.contains(region)) {
      return paramError("Invalid region: " + region);
    }
    if (unreachable.contains(intranetAddr)) {
      return paramError(CONNECTIVITY_FAILED + ": cannot connect to " + intranetAddr);
    }
    synchronized (this) {
      if (findEntryByName(name) != null) {
        return paramError(DUPLICATE_NAME + ": " + name);
      }
      Entry e = new Entry(newId(), name, POLARDBX_TYPE, region, user, intranetAddr, description,
          accessKey, Instant.now());
      dataSources.put(e.id, e);
      return Answer.ok(paddedIds ? " " + e.id : e.id);
    }
  }

  private String userField(JsonNode req) {
    switch (userFieldKey) {
      case USERNAME:
        return text(req, "username");
      case USER_NAME:
        return text(req, "userName");
      default:
        String u = text(req, "username");
        return u != null ? u : text(req, "userName");
    }
  }

  private Answer list(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    String searchKey = text(req, "searchKey");
    int pageNumber = req.path("pageNumber").asInt(1);
    int pageSize = req.path("pageSize").asInt(10);
    if (pageNumber < 1 || pageSize < 1) {
      return paramError("pageNumber and pageSize must be positive");
    }
    // Like a real server, a page is never larger than the server allows.
    pageSize = Math.min(pageSize, maxPageSize);
    Set<String> types = null;
    if (req.path("types").isArray() && req.path("types").size() > 0) {
      types = new java.util.HashSet<>();
      for (JsonNode t : req.path("types")) {
        types.add(t.asText());
      }
    }
    List<Entry> matching = new ArrayList<>();
    synchronized (this) {
      for (Entry e : dataSources.values()) {
        boolean keyMatches = searchKey == null || searchKey.isEmpty()
            || e.name.contains(searchKey) || e.id.equals(searchKey);
        if (keyMatches && (types == null || types.contains(e.type))) {
          matching.add(e);
        }
      }
    }
    long from = (long) (pageNumber - 1) * pageSize;
    List<Object> page = new ArrayList<>();
    for (long i = from; i < Math.min(matching.size(), from + pageSize); i++) {
      page.add(matching.get((int) i).asListItem());
    }
    Answer a = Answer.ok(page);
    a.pageNumber = pageNumber;
    a.pageSize = pageSize;
    a.totalCount = matching.size();
    return a;
  }

  private Answer delete(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    String id = text(req, "id");
    if (id == null || id.isBlank()) {
      return paramError("Missing required parameter: id");
    }
    synchronized (this) {
      Entry e = dataSources.get(id.trim());
      if (e == null) {
        return Answer.failure(200, CODE_NOT_EXIST, "Data source does not exist: " + id);
      }
      if (e.inUse) {
        return Answer.failure(200, CODE_IN_USE,
            "Data source " + id + " is used by a migration project");
      }
      dataSources.remove(e.id);
    }
    return Answer.ok(null);
  }

  private static Answer paramError(String message) {
    return Answer.failure(200, CODE_PARAM_ERROR, message);
  }

  private static String text(JsonNode req, String key) {
    JsonNode v = req.get(key);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private void answerFault(HttpExchange exchange, Fault fault, String requestId, long start)
      throws IOException {
    switch (fault) {
      case HTTP_500:
        answer(exchange, Answer.failure(500, "INTERNAL_ERROR", "Internal server error"), requestId, start);
        return;
      case HTTP_503:
        answerText(exchange, 503, "Service Unavailable");
        return;
      case HTTP_429:
        exchange.getResponseHeaders().add("Retry-After", "1");
        answerText(exchange, 429, "Too Many Requests");
        return;
      case HTTP_408:
        answerText(exchange, 408, "Request Timeout");
        return;
      case HTTP_400:
        answer(exchange, Answer.failure(400, "BAD_REQUEST", "Malformed request"), requestId, start);
        return;
      case HTTP_403:
        answer(exchange, Answer.failure(403, "FORBIDDEN", "Permission denied"), requestId, start);
        return;
      case GHANA_OPERIE:
        Answer a = Answer.failure(200, CODE_GHANA_OPERIE, "Internal error, please retry later");
        a.advice = "Retry later";
        answer(exchange, a, requestId, start);
        return;
      case DROP:
      default:
        // closing the exchange before any header was sent closes the connection
    }
  }

  private CannedAnswer cannedFor(String action, String body) {
    if (canned.isEmpty() || action == null || !action.startsWith("Create")) {
      return null;
    }
    JsonNode req = parse(body);
    String name = req == null ? null : text(req, "name");
    return name == null ? null : canned.get(name);
  }

  private void answerRaw(HttpExchange exchange, CannedAnswer a) throws IOException {
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", a.contentType());
    exchange.sendResponseHeaders(a.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record CannedAnswer(int status, String contentType, String body) {}

  private void answerText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void answer(HttpExchange exchange, Answer a, String requestId, long start)
      throws IOException {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("success", a.success);
    if (a.success) {
      env.put("errorDetail", null);
    } else {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("code", a.code);
      detail.put("message", a.message);
      detail.put("requestId", requestId);
      detail.put("messageMcmsKey", "oms.simulator." + a.code);
      detail.put("messageMcmsContext", Map.of());
      env.put("errorDetail", detail);
    }
    env.put("code", a.code);
    env.put("message", a.message);
    env.put("advice", a.advice);
    env.put("requestId", requestId);
    env.put("pageNumber", a.pageNumber);
    env.put("pageSize", a.pageSize);
    env.put("totalCount", a.totalCount);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    env.put("cost", cost(ms));
    env.put("data", a.data);
    env.put("serverVersion", "oms-simulator"); // an unknown field: clients must ignore it
    Object shaped = envelopeCasing == EnvelopeCasing.PASCAL ? pascal(env) : env;
    byte[] bytes = json.writeValueAsBytes(shaped);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    exchange.sendResponseHeaders(a.status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    LOG.debug("simulator answered HTTP {} success={} code={} requestId={}",
        a.status, a.success, a.code, requestId);
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

  private Entry findEntryByName(String name) {
    for (Entry e : dataSources.values()) {
      if (e.name.equals(name)) {
        return e;
      }
    }
    return null;
  }

  private Entry entryOrThrow(String id) {
    Entry e = dataSources.get(id);
    if (e == null) {
      throw new IllegalArgumentException("no data source " + id);
    }
    return e;
  }

  private String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      StringBuilder b = new StringBuilder("e_");
      for (int i = 0; i < 12; i++) {
        b.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
      }
      String id = b.toString();
      if (!dataSources.containsKey(id)) {
        return id;
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "oms-simulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One answer before it is put into the envelope. */
  private static final class Answer {
    private final int status;
    private final boolean success;
    private final String code;
    private final String message;
    private final Object data;
    private String advice;
    private Integer pageNumber;
    private Integer pageSize;
    private Integer totalCount;

    private Answer(int status, boolean success, String code, String message, Object data) {
      this.status = status;
      this.success = success;
      this.code = code;
      this.message = message;
      this.data = data;
    }

    static Answer ok(Object data) {
      return new Answer(200, true, null, null, data);
    }

    static Answer failure(int status, String code, String message) {
      return new Answer(status, false, code, message, null);
    }
  }

  /** A stored data source; mutable only under the simulator's lock. */
  private static final class Entry {
    private final String id;
    private final String name;
    private final String type;
    private String region;
    private final String userName;
    private String intranetAddr;
    private String description;
    private final String accessKeyId;
    private final Instant createdAt;
    private boolean inUse;

    private Entry(String id, String name, String type, String region, String userName,
        String intranetAddr, String description, String accessKeyId, Instant createdAt) {
      this.id = id;
      this.name = name;
      this.type = type;
      this.region = region;
      this.userName = userName;
      this.intranetAddr = intranetAddr;
      this.description = description;
      this.accessKeyId = accessKeyId;
      this.createdAt = createdAt;
    }

    SimulatedDataSource snapshot() {
      return new SimulatedDataSource(id, name, type, region, userName, intranetAddr, description,
          accessKeyId, inUse, createdAt);
    }

    Map<String, Object> asListItem() {
      String ip = intranetAddr;
      Integer port = null;
      int colon = intranetAddr.lastIndexOf(':');
      if (colon > 0 && intranetAddr.substring(colon + 1).matches("\\d{1,5}")) {
        ip = intranetAddr.substring(0, colon);
        port = Integer.valueOf(intranetAddr.substring(colon + 1));
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", id);
      item.put("name", name);
      item.put("type", type);
      item.put("region", region);
      item.put("ip", ip);
      item.put("port", port);
      item.put("userName", userName);
      item.put("description", description);
      item.put("gmtCreate", GMT_FORMAT.format(createdAt));
      item.put("gmtModified", GMT_FORMAT.format(createdAt));
      item.put("creator", "oms-simulator"); // an unknown field: clients must ignore it
      return item;
    }
  }

  /** Configures and starts a simulator. */
  public static final class Builder {
    private String username;
    private String password;
    private CreateSpelling createSpellings = CreateSpelling.BOTH;
    private UserFieldKey userFieldKey = UserFieldKey.BOTH;
    private EnvelopeCasing envelopeCasing = EnvelopeCasing.CAMEL;
    private CostShape costShape = CostShape.TEXT_MS;
    private Set<String> validRegions;
    private UnknownActionStyle unknownActionStyle = UnknownActionStyle.ENVELOPE;
    private boolean paddedIds = true;
    private SSLContext sslContext;
    private int port;
    private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;

    private Builder() {}

    /** The largest page ListDataSource serves (default {@value #DEFAULT_MAX_PAGE_SIZE}). */
    public Builder maxPageSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("maxPageSize must be positive");
      }
      this.maxPageSize = size;
      return this;
    }

    /** Basic credentials every call must carry (HTTP 401 otherwise). Default: no check. */
    public Builder credentials(String username, String password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Which create spelling(s) are known. Default BOTH. */
    public Builder createSpellings(CreateSpelling spellings) {
      this.createSpellings = Objects.requireNonNull(spellings);
      return this;
    }

    /** Which key(s) carry the database user. Default BOTH. */
    public Builder userFieldKey(UserFieldKey key) {
      this.userFieldKey = Objects.requireNonNull(key);
      return this;
    }

    /** Default CAMEL. */
    public Builder envelopeCasing(EnvelopeCasing casing) {
      this.envelopeCasing = Objects.requireNonNull(casing);
      return this;
    }

    /** Default TEXT_MS ({@code " 27 ms"}). */
    public Builder costShape(CostShape shape) {
      this.costShape = Objects.requireNonNull(shape);
      return this;
    }

    /** Regions create accepts; others get PARAM_ERROR. Default: any region. */
    public Builder validRegions(Set<String> regions) {
      this.validRegions = Set.copyOf(regions);
      return this;
    }

    /** How an unknown action is answered. Default ENVELOPE (HTTP 200, success=false). */
    public Builder unknownActionStyle(UnknownActionStyle style) {
      this.unknownActionStyle = Objects.requireNonNull(style);
      return this;
    }

    /**
     * Whether create answers the ID with a leading space, as the documented example does
     * ({@code " e_edz****"}). Default true; the stored and listed ID never has it.
     */
    public Builder paddedIds(boolean padded) {
      this.paddedIds = padded;
      return this;
    }

    /** Serve https with this context instead of http. */
    public Builder tls(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public OmsSimulator start() {
      try {
        return new OmsSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the OMS simulator", e);
      }
    }
  }
}
