package io.datasource.oms.runtime;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Counts and times every OMS call: {@code oms_calls_total{action,outcome}} with outcome
 * {@code success} or the lower-case {@link io.datasource.oms.client.OmsFailureKind} (or {@code error}
 * for anything unexpected), and the latency histogram {@code oms_call_duration_seconds{action}}.
 *
 * <p>The action tag is the documented action name; a create is counted as CreatePolarDBDataSource
 * whichever spelling the client finally used, so that dashboards need one series.
 */
public final class MeteredOmsClient implements OmsClient {

  public static final String CREATE = "CreatePolarDBDataSource";
  public static final String LIST = "ListDataSource";
  public static final String DELETE = "DeleteDataSource";

  static final String CALLS = "oms.calls";
  static final String DURATION = "oms.call.duration";

  private static final Duration[] BUCKETS = {
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};

  /** The meters of an OmsConnection: the same, named apart and labelled by connection. */
  static final String CONNECTION_CALLS = "oms.connection.calls";
  static final String CONNECTION_DURATION = "oms.connection.call.duration";

  private final OmsClient delegate;
  private final MeterRegistry registry;
  private final String connection;

  /** The default connection's client: meters without a connection label, as before. */
  public MeteredOmsClient(OmsClient delegate, MeterRegistry registry) {
    this(delegate, registry, null);
  }

  /**
   * @param connection the OmsConnection's name, or null for the default connection. Named
   *     connections get meters of their own names with a {@code connection} label, so that the
   *     default connection's series keep the labels they always had (a Prometheus meter name
   *     has one label set).
   */
  public MeteredOmsClient(OmsClient delegate, MeterRegistry registry, String connection) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.connection = connection;
    for (String action : new String[] {CREATE, LIST, DELETE}) {
      // Present from the start, so that rate() works from the first call.
      counter(action, "success");
      timer(action);
    }
  }

  @Override
  public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
    return metered(CREATE, () -> delegate.createPolarDbxDataSource(request));
  }

  @Override
  public ListResult listDataSources(String searchKey) {
    return metered(LIST, () -> delegate.listDataSources(searchKey));
  }

  @Override
  public DeleteResult deleteDataSource(String id) {
    return metered(DELETE, () -> delegate.deleteDataSource(id));
  }

  private <T> T metered(String action, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = "success";
      return result;
    } catch (OmsException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      timer(action).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      counter(action, outcome).increment();
    }
  }

  private Counter counter(String action, String outcome) {
    Counter.Builder b = Counter.builder(connection == null ? CALLS : CONNECTION_CALLS)
        .description("OMS API calls by action and outcome")
        .tag("action", action)
        .tag("outcome", outcome);
    return (connection == null ? b : b.tag("connection", connection)).register(registry);
  }

  private Timer timer(String action) {
    Timer.Builder b = Timer.builder(connection == null ? DURATION : CONNECTION_DURATION)
        .description("OMS API call latency, answer included")
        .tag("action", action)
        .serviceLevelObjectives(BUCKETS);
    return (connection == null ? b : b.tag("connection", connection)).register(registry);
  }
}
