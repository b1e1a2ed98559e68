package io.datasource.oms.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OMS client on {@link HttpClient} and Jackson. Every action goes through one private
 * {@link #send} that owns the HTTP call, the timeouts, the envelope and the error mapping of
 * OMS-API.md. No retry happens here (the reconciler owns retry policy), except the single
 * fallback to the other create spelling when OMS says the action is unknown.
 *
 * <p>Thread-safe; one instance per OMS endpoint (the create spelling that worked is remembered by
 * the instance).
 */
public final class HttpOmsClient implements OmsClient {

  static final String LIST_ACTION = "ListDataSource";
  static final String DELETE_ACTION = "DeleteDataSource";

  private static final Logger LOG = LoggerFactory.getLogger(HttpOmsClient.class);
  private static final int MAX_PAGES = 10_000;
  /** OMS IDs look like {@code e_} plus 12 characters; anything far longer is not an ID. */
  static final int MAX_ID_LENGTH = 128;
  private static final java.util.regex.Pattern PLAUSIBLE_ID =
      java.util.regex.Pattern.compile("[\\x21-\\x7e]+");
  private static final Set<String> SECRET_KEYS = Set.of("password", "secretkey", "accesskeysecret");

  private final OmsSettings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String endpoint;
  private final String authorization;
  private final List<String> credentialSecrets;
  private final AtomicReference<String> createAction;

  public HttpOmsClient(OmsSettings settings) {
    this.settings = settings;
    if (settings.connectTimeout().isNegative() || settings.connectTimeout().isZero()
        || settings.requestTimeout().isNegative() || settings.requestTimeout().isZero()) {
      throw new IllegalArgumentException("OMS connect and request timeouts must be positive");
    }
    URI base = settings.baseUrl();
    if (base.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the OMS base URL must not carry credentials: use the Basic credentials setting");
    }
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    this.endpoint = text + "/api/v2";
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout());
    String pem = settings.caBundlePem();
    if (pem != null && !pem.isBlank()) {
      builder.sslContext(PemTrust.sslContext(pem));
    }
    this.http = builder.build();
    OmsSettings.Credentials c = settings.credentials();
    if (c == null) {
      this.authorization = null;
      this.credentialSecrets = List.of();
    } else {
      String token = Base64.getEncoder()
          .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
      this.authorization = "Basic " + token;
      this.credentialSecrets = List.of(c.password(), token,
          encodePassword(c.password().getBytes(StandardCharsets.UTF_8)));
    }
    this.createAction = new AtomicReference<>(settings.createActionName());
  }

  /** The create spelling the next create starts with (the configured one until a fallback worked). */
  String currentCreateAction() {
    return createAction.get();
  }

  // ------------------------------------------------------------------ the three operations

  @Override
  public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
    Map<String, Object> body = createBody(request);
    List<String> secrets = requestSecrets(request);
    String first = createAction.get();
    Envelope answer;
    try {
      answer = send(first, body, secrets);
    } catch (OmsException.UnsupportedAction unknown) {
      String other = otherSpelling(first);
      if (other == null) {
        throw unknown;
      }
      LOG.info("OMS does not know action {}; trying {} once", first, other);
      try {
        answer = send(other, body, secrets);
      } catch (OmsException.Rejected | OmsException.Environment knownAction) {
        // a business answer proves the server knows this spelling
        remember(first, other);
        throw knownAction;
      }
      remember(first, other);
    }
    String id = idOf(answer.data());
    JsonNode data = answer.data();
    boolean wrongType = id == null && data != null && !data.isNull() && !data.isObject();
    String problem = wrongType ? "a 'data' of the wrong type (" + data.getNodeType()
            .toString().toLowerCase(java.util.Locale.ROOT) + ") instead of a data source ID"
        : id == null || id.isEmpty() ? "no data source ID"
        : id.length() > MAX_ID_LENGTH ? "an ID of " + id.length() + " characters (at most "
            + MAX_ID_LENGTH + " expected)"
        : !PLAUSIBLE_ID.matcher(id).matches() ? "an ID with whitespace or control characters"
        : null;
    if (problem != null) {
      // The create may have committed: the caller looks the name up before trying again.
      throw new OmsException.Transient(answer.action(),
          new OmsError(null, "OMS reported success but gave " + problem, null,
              answer.requestId(), answer.httpStatus()),
          "OMS reported success but gave " + problem + "; look the name up before retrying",
          null);
    }
    return new CreateResult(id, answer.requestId(), answer.cost());
  }

  @Override
  public ListResult listDataSources(String searchKey) {
    int pageSize = settings.listPageSize();
    List<DataSourceRecord> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long fetched = 0;
    String requestId = null;
    for (int page = 1; page <= MAX_PAGES; page++) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (searchKey != null) {
        body.put("searchKey", searchKey);
      }
      body.put("pageNumber", page);
      body.put("pageSize", pageSize);
      Envelope answer = send(LIST_ACTION, body, List.of());
      requestId = answer.requestId();
      JsonNode data = answer.data();
      if (data == null || data.isNull()) {
        break;
      }
      if (!data.isArray()) {
        throw new OmsException.Transient(LIST_ACTION,
            new OmsError(null, null, null, requestId, answer.httpStatus()),
            "OMS answered a data source list that is not an array", null);
      }
      int added = 0;
      for (JsonNode item : data) {
        DataSourceRecord record = toRecord(item);
        if (record == null) {
          LOG.debug("OMS {} listed an item without id or name; ignored", LIST_ACTION);
        } else if (seen.add(record.id())) {
          all.add(record);
          added++;
        }
      }
      fetched += data.size();
      Long total = answer.totalCount();
      boolean lastPage = data.size() == 0
          || added == 0 // a server that ignores pageNumber would otherwise loop forever
          || (total != null ? fetched >= total : data.size() < pageSize);
      if (lastPage) {
        break;
      }
    }
    return new ListResult(all, requestId);
  }

  @Override
  public DeleteResult deleteDataSource(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id == null ? null : id.trim());
    Envelope answer = send(DELETE_ACTION, body, List.of());
    return new DeleteResult(answer.requestId(), answer.cost());
  }

  // ------------------------------------------------------------------ request building

  private Map<String, Object> createBody(CreateDataSourceRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    putIfPresent(body, "name", r.name());
    putIfPresent(body, "region", r.region());
    switch (settings.userFieldMode()) {
      case USERNAME:
        putIfPresent(body, "username", r.username());
        break;
      case USER_NAME:
        putIfPresent(body, "userName", r.username());
        break;
      default:
        putIfPresent(body, "username", r.username());
        putIfPresent(body, "userName", r.username());
    }
    putIfPresent(body, "password", r.password() == null ? null : encodePassword(r.password()));
    putIfPresent(body, "accessKey", r.accessKeyId());
    putIfPresent(body, "secretKey", r.accessKeySecret());
    putIfPresent(body, "intranetAddr", r.intranetAddr());
    putIfPresent(body, "description", r.description());
    return body;
  }

  /**
   * The one place the database password is encoded: Base64 of its bytes as stored (OMS-API.md;
   * for a text password these are its UTF-8 bytes). Never decoded and re-encoded as text: a
   * password that is not UTF-8 would be altered.
   */
  private static String encodePassword(byte[] password) {
    return Base64.getEncoder().encodeToString(password);
  }

  private static List<String> requestSecrets(CreateDataSourceRequest r) {
    List<String> secrets = new ArrayList<>();
    byte[] password = r.password();
    if (password != null) {
      String text = Utf8.decodeStrict(password);
      if (text != null && !text.isEmpty()) {
        secrets.add(text); // only as text when it is text: replacement characters match anything
      }
      secrets.add(encodePassword(password));
    }
    if (r.accessKeySecret() != null) {
      secrets.add(r.accessKeySecret());
      // its Base64, should OMS echo it encoded
      secrets.add(encodePassword(r.accessKeySecret().getBytes(StandardCharsets.UTF_8)));
    }
    return secrets;
  }

  private static void putIfPresent(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  private static String otherSpelling(String action) {
    if (OmsSettings.CREATE_POLAR.equalsIgnoreCase(action)) {
      return OmsSettings.CREATE_PILAR;
    }
    if (OmsSettings.CREATE_PILAR.equalsIgnoreCase(action)) {
      return OmsSettings.CREATE_POLAR;
    }
    return null; // a custom action name has no known alternative
  }

  private void remember(String failed, String worked) {
    if (createAction.compareAndSet(failed, worked)) {
      LOG.info("OMS at {} knows the create action as {}; using it from now on", endpoint, worked);
    }
  }

  // ------------------------------------------------------------------ the one send

  /** Calls one action and returns the envelope of a successful answer; throws otherwise. */
  private Envelope send(String action, Map<String, Object> body, Collection<String> requestSecrets) {
    List<String> secrets = new ArrayList<>(credentialSecrets);
    secrets.addAll(requestSecrets);
    String payload;
    try {
      payload = json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the " + action + " request", e);
    }
    URI uri = URI.create(endpoint + "?Action=" + URLEncoder.encode(action, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("OMS {} request body {}", action, scrub(redactedJson(body), secrets));
    }

    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = exchange(request.build());
    } catch (IOException | TimeoutException e) {
      long ms = elapsedMillis(start);
      LOG.debug("OMS {} got no answer after {} ms: {}", action, ms, e.getClass().getSimpleName());
      throw new OmsException.Transient(action, OmsError.none(),
          "no answer from OMS after " + ms + " ms (" + describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OmsException.Transient(action, OmsError.none(), "interrupted while calling OMS", e);
    }

    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    CiObject envelope = parseObject(text);
    String requestId = envelope == null ? null : envelope.text("requestId");
    if (requestId == null && envelope != null) {
      requestId = envelope.object("errorDetail").map(d -> d.text("requestId")).orElse(null);
    }
    LOG.debug("OMS {} -> HTTP {} requestId={} in {} ms", action, status, requestId, elapsedMillis(start));
    if (LOG.isTraceEnabled()) {
      LOG.trace("OMS {} answer body {}", action, scrub(text, secrets));
    }

    if (status == 401 || status == 403) {
      throw new OmsException.Authentication(action, errorOf(envelope, status, requestId, secrets),
          "OMS refused the credentials (HTTP " + status + ")");
    }
    if (status == 408 || status == 429 || status >= 500) {
      throw new OmsException.Transient(action, errorOf(envelope, status, requestId, secrets),
          "OMS answered HTTP " + status, null);
    }
    if (status == 404) {
      OmsError error = errorOf(envelope, status, requestId, secrets);
      if (envelope != null && DELETE_ACTION.equals(action) && saysNotExist(error)) {
        // a REST-minded OMS may answer a missing data source with 404 and says so in the envelope
        throw new OmsException.NotFound(action, error, "the data source does not exist in OMS");
      }
      throw new OmsException.UnsupportedAction(action, error, "OMS does not know the action (HTTP 404)");
    }
    if (status < 200 || status >= 300) {
      throw new OmsException.Rejected(action, errorOf(envelope, status, requestId, secrets),
          "OMS answered HTTP " + status);
    }
    if (envelope == null) {
      // Typically a proxy or login page in front of OMS: say so, since "HTTP 200" alone misleads.
      String type = response.headers().firstValue("Content-Type").orElse("none");
      String message = "OMS answered HTTP " + status + " with a body that is not an OMS JSON"
          + " envelope (Content-Type " + abbreviate(type, 80) + "); check that OMS_BASE_URL is"
          + " the OMS console";
      throw new OmsException.Transient(action,
          new OmsError("HTTP_" + status, message, null, null, status),
          "OMS answered HTTP " + status + " without a readable envelope", null);
    }
    Boolean success = envelope.bool("success");
    if (success == null) {
      OmsError error = errorOf(envelope, status, requestId, secrets);
      if (error.message() == null) {
        error = new OmsError(error.code(), "OMS answered an envelope without a success flag",
            error.advice(), error.requestId(), status, error.errorDetail());
      }
      throw new OmsException.Transient(action, error,
          "OMS answered without a success flag", null);
    }
    if (!success) {
      throw classify(action, errorOf(envelope, status, requestId, secrets));
    }
    return new Envelope(action, status, requestId, envelope.costText(), envelope.get("data"),
        envelope.number("totalCount"));
  }

  private HttpResponse<String> exchange(HttpRequest request)
      throws IOException, TimeoutException, InterruptedException {
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    // HttpRequest.timeout bounds the wait for the headers; this bounds the whole answer too
    Duration bound = settings.requestTimeout();
    try {
      return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause == null ? "OMS call failed" : cause.getClass().getSimpleName(), cause);
    }
  }

  /** Maps a {@code success: false} answer to the failure family (OMS-API.md, Errors). */
  private static OmsException classify(String action, OmsError error) {
    String code = error.code() == null ? "" : error.code().trim();
    String message = error.message() == null ? "" : error.message().trim();
    if (isUnknownAction(code, message)) {
      return new OmsException.UnsupportedAction(action, error, "OMS does not know the action");
    }
    if (code.toUpperCase(Locale.ROOT).startsWith("GHANA-OPERIE")) {
      return new OmsException.Transient(action, error, "OMS failed internally; retry later", null);
    }
    if (code.equalsIgnoreCase("PARAM_ERROR")
        && message.toLowerCase(Locale.ROOT).startsWith("connectivity test failed")) {
      return new OmsException.Environment(action, error, "OMS could not reach the database");
    }
    if (DELETE_ACTION.equals(action) && isNotExist(code, message)) {
      return new OmsException.NotFound(action, error, "the data source does not exist in OMS");
    }
    return new OmsException.Rejected(action, error, "OMS rejected the request");
  }

  private static boolean saysNotExist(OmsError error) {
    String code = error.code() == null ? "" : error.code().trim();
    String message = error.message() == null ? "" : error.message().trim();
    return !isUnknownAction(code, message) && isNotExist(code, message);
  }

  private static boolean isUnknownAction(String code, String message) {
    String c = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (c.contains("unknownaction") || c.contains("unsupportedaction") || c.contains("invalidaction")
        || c.contains("actionnotfound") || c.contains("actionnotsupported")
        || c.contains("actionnotexist")) {
      return true;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("action")
        && (m.contains("unknown") || m.contains("unsupported") || m.contains("not supported")
            || m.contains("not found") || m.contains("not exist") || m.contains("invalid action"));
  }

  private static boolean isNotExist(String code, String message) {
    String c = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    String m = message.toLowerCase(Locale.ROOT);
    return c.contains("NOTEXIST") || c.contains("NOTFOUND")
        || m.contains("not exist") || m.contains("not found") || m.contains("no such");
  }

  private OmsError errorOf(CiObject envelope, int status, String requestId, List<String> secrets) {
    if (envelope == null) {
      return OmsError.httpStatus(status, requestId);
    }
    CiObject detail = envelope.object("errorDetail").orElse(null);
    String code = envelope.text("code");
    String message = envelope.text("message");
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
        detailMap.put(e.getKey(), scrubValue(e.getValue(), secrets));
      }
    }
    return new OmsError(scrub(code, secrets), scrub(message, secrets),
        scrub(envelope.text("advice"), secrets), requestId, status, detailMap);
  }

  // ------------------------------------------------------------------ parsing

  private CiObject parseObject(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = json.readTree(text);
      return node != null && node.isObject() ? new CiObject(node) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static String idOf(JsonNode data) {
    if (data == null || data.isNull()) {
      return null;
    }
    if (data.isTextual() || data.isIntegralNumber()) {
      return data.asText().trim();
    }
    if (data.isObject()) {
      return new CiObject(data).text("id");
    }
    return null;
  }

  private static DataSourceRecord toRecord(JsonNode item) {
    if (item == null || !item.isObject()) {
      return null;
    }
    CiObject o = new CiObject(item);
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

  // ------------------------------------------------------------------ redaction

  private String redactedJson(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    for (Iterator<Map.Entry<String, Object>> it = copy.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Object> e = it.next();
      if (SECRET_KEYS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        e.setValue(Redaction.REDACTED);
      }
    }
    try {
      return json.writeValueAsString(copy);
    } catch (JsonProcessingException e) {
      return "<unprintable>";
    }
  }

  /** Replaces every occurrence of a known secret (as OMS might echo it) with the placeholder. */
  private static String scrub(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, Redaction.REDACTED);
      }
    }
    return out;
  }

  private Object scrubValue(JsonNode value, List<String> secrets) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return scrub(value.asText(), secrets);
    }
    if (value.isContainerNode()) {
      return scrub(value.toString(), secrets);
    }
    return json.convertValue(value, Object.class);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** A successful answer, reduced to what the operations use. */
  private record Envelope(
      String action, int httpStatus, String requestId, String cost, JsonNode data, Long totalCount) {}

  /** A JSON object read with case-insensitive property names, strings trimmed. */
  private static final class CiObject {
    private final Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, JsonNode> original = new LinkedHashMap<>();

    CiObject(JsonNode node) {
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

    Set<Map.Entry<String, JsonNode>> entries() {
      return original.entrySet();
    }

    /** Trimmed text of a scalar, or null. */
    String text(String key) {
      String raw = rawText(key);
      return raw == null ? null : raw.trim();
    }

    String rawText(String key) {
      JsonNode v = get(key);
      return v == null || v.isContainerNode() ? null : v.asText();
    }

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

    /** {@code cost} is documented as seconds and seen as " 27 ms" or 27: kept as opaque text. */
    String costText() {
      return text("cost");
    }

    java.util.Optional<CiObject> object(String key) {
      JsonNode v = get(key);
      return v != null && v.isObject() ? java.util.Optional.of(new CiObject(v)) : java.util.Optional.empty();
    }
  }
}
