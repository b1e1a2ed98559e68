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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OMS client on {@link HttpClient} and Jackson. Every action goes through one private
 * {@link #send} that owns the HTTP call and its timeouts; it reads the answer with
 * {@link Envelope}, turns failures into exceptions with {@link ErrorClassifier} and keeps secrets
 * out of logs and exceptions with {@link Redaction}. No retry happens here (the reconciler owns
 * retry policy), except the single fallback to the other create spelling when OMS says the action
 * is unknown.
 *
 * <p>Thread-safe; one instance per OMS endpoint (the create spelling that worked is remembered by
 * the instance).
 */
public final class HttpOmsClient implements OmsClient {

  static final String LIST_ACTION = "ListDataSource";
  static final String DELETE_ACTION = "DeleteDataSource";
  /** OMS IDs look like {@code e_} plus 12 characters; anything far longer is not an ID. */
  static final int MAX_ID_LENGTH = ErrorClassifier.MAX_ID_LENGTH;

  private static final Logger LOG = LoggerFactory.getLogger(HttpOmsClient.class);
  private static final int MAX_PAGES = 10_000;

  private final OmsSettings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String endpoint;
  private final String authorization;
  private final Redaction credentialSecrets;
  private final AtomicReference<String> createAction;

  public HttpOmsClient(OmsSettings settings) {
    this.settings = settings;
    if (settings.connectTimeout().isNegative() || settings.connectTimeout().isZero()
        || settings.requestTimeout().isNegative() || settings.requestTimeout().isZero()) {
      throw new IllegalArgumentException("OMS connect and request timeouts must be positive");
    }
    URI base = settings.baseUrl(); // checked by OmsSettings (OmsSettings.baseUrlProblem)
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
      this.credentialSecrets = Redaction.of(List.of());
    } else {
      String token = Base64.getEncoder()
          .encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
      this.authorization = "Basic " + token;
      this.credentialSecrets = Redaction.of(List.of(c.password(), token,
          RequestBodies.encodePassword(c.password().getBytes(StandardCharsets.UTF_8))));
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
    Map<String, Object> body = RequestBodies.create(request, settings.userFieldMode());
    List<String> secrets = RequestBodies.secretsOf(request);
    String first = createAction.get();
    Answer answer;
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
    String id = Envelope.idOf(answer.data());
    OmsException implausible = ErrorClassifier.implausibleId(answer.action(), answer.httpStatus(),
        answer.requestId(), answer.data(), id);
    if (implausible != null) {
      throw implausible;
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
      Answer answer = send(LIST_ACTION, RequestBodies.listPage(searchKey, page, pageSize), List.of());
      requestId = answer.requestId();
      JsonNode data = answer.data();
      if (data == null || data.isNull()) {
        break;
      }
      if (!data.isArray()) {
        throw ErrorClassifier.notAList(LIST_ACTION, answer.httpStatus(), requestId);
      }
      int added = 0;
      for (JsonNode item : data) {
        DataSourceRecord record = Envelope.toRecord(item);
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
    Answer answer = send(DELETE_ACTION, RequestBodies.delete(id), List.of());
    return new DeleteResult(answer.requestId(), answer.cost());
  }

  // ------------------------------------------------------------------ the create spelling

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
  private Answer send(String action, Map<String, Object> body, Collection<String> requestSecrets) {
    Redaction redaction = credentialSecrets.and(requestSecrets);
    HttpRequest request = request(action, body);
    if (LOG.isTraceEnabled()) {
      LOG.trace("OMS {} request body {}", action, redaction.scrub(Redaction.redactedJson(body)));
    }

    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = exchange(request);
    } catch (IOException | TimeoutException e) {
      long ms = elapsedMillis(start);
      LOG.debug("OMS {} got no answer after {} ms: {}", action, ms, e.getClass().getSimpleName());
      throw ErrorClassifier.noAnswer(action, ms, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ErrorClassifier.interrupted(action, e);
    }

    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    Envelope envelope = Envelope.parse(text);
    String requestId = envelope == null ? null : envelope.requestId();
    LOG.debug("OMS {} -> HTTP {} requestId={} in {} ms", action, status, requestId, elapsedMillis(start));
    if (LOG.isTraceEnabled()) {
      LOG.trace("OMS {} answer body {}", action, redaction.scrub(text));
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("none");
    OmsException failure =
        ErrorClassifier.classify(action, status, contentType, envelope, requestId, redaction);
    if (failure != null) {
      throw failure;
    }
    return new Answer(action, status, requestId, envelope.cost(), envelope.data(),
        envelope.totalCount());
  }

  /** {@code POST {base}/api/v2?Action=X} with a JSON body, Basic auth and the request timeout. */
  private HttpRequest request(String action, Map<String, Object> body) {
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
    return request.build();
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

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** A successful answer, reduced to what the operations use. */
  private record Answer(
      String action, int httpStatus, String requestId, String cost, JsonNode data, Long totalCount) {}
}
