package io.datasource.oms.runtime;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Holds every OMS call of the process to one request rate (OMS_RATE_LIMIT per second, bursts of
 * OMS_RATE_BURST), whatever the number of resources and reconcile threads; see
 * {@link RollingTokenBucket} for the exact promise. A caller waits for its
 * turn, but at most {@code maxWait}; beyond that it gets a transient failure, so the reconciler
 * backs off instead of piling threads up behind a slow queue.
 */
public final class RateLimitedOmsClient implements OmsClient {

  static final String RATE_LIMITED = "RATE_LIMITED";

  private final OmsClient delegate;
  private final RollingTokenBucket bucket;
  private final Duration maxWait;

  public RateLimitedOmsClient(OmsClient delegate, double ratePerSecond, int burst,
      Duration maxWait) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.bucket = new RollingTokenBucket(ratePerSecond, burst, System::nanoTime);
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
  }

  @Override
  public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
    return limited(MeteredOmsClient.CREATE, () -> delegate.createPolarDbxDataSource(request));
  }

  @Override
  public ListResult listDataSources(String searchKey) {
    return limited(MeteredOmsClient.LIST, () -> delegate.listDataSources(searchKey));
  }

  @Override
  public DeleteResult deleteDataSource(String id) {
    return limited(MeteredOmsClient.DELETE, () -> delegate.deleteDataSource(id));
  }

  private <T> T limited(String action, Supplier<T> call) {
    int token;
    try {
      token = bucket.acquire(maxWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OmsException.Transient(action, rateLimited("interrupted while waiting"),
          "not sent: interrupted while waiting for the operator's OMS rate limit", e);
    }
    if (token < 0) {
      throw new OmsException.Transient(action, rateLimited("no slot within " + maxWait),
          "not sent: the operator's OMS rate limit has no slot within " + maxWait.toMillis()
              + " ms", null);
    }
    try {
      return call.get();
    } finally {
      bucket.release(token);
    }
  }

  private static OmsError rateLimited(String message) {
    return new OmsError(RATE_LIMITED, message, "raise OMS_RATE_LIMIT or lower the load", null, 0);
  }
}
