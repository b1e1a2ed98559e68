package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link Ports} of one reconcile in the running operator: the referenced Secrets through
 * {@link ReferencedSecrets}, claimants from the informer cache, status writes through {@link PrimaryUpdateAndCacheUtils} (optimistic locking, result
 * cached, so that the next reconcile sees the intent and the ID it wrote even when the informer
 * still holds an older copy), Events through {@link EventRecorder}.
 */
final class CachedPorts implements Ports {

  private final Context<PolarDBXDataSource> context;
  private final SecretLookup secrets;
  private final String connection;
  private final EventRecorder events;
  private final Consumer<PolarDBXDataSource> wakeClaimantsOf;

  /**
   * @param connection the OmsConnection of the resource reconciled (null: the default one), whose
   *     OMS names are its claimants' scope
   * @param wakeClaimantsOf reconciles the other claimants of a resource's OMS names
   */
  CachedPorts(Context<PolarDBXDataSource> context, SecretLookup secrets, String connection,
      EventRecorder events, Consumer<PolarDBXDataSource> wakeClaimantsOf) {
    this.context = context;
    this.secrets = secrets;
    this.connection = connection;
    this.events = events;
    this.wakeClaimantsOf = wakeClaimantsOf;
  }

  @Override
  public SecretLookup secrets() {
    return secrets;
  }

  @Override
  public List<PolarDBXDataSource> claimants(String omsName) {
    return context.getPrimaryCache().byIndex(NameClaims.INDEX,
        NameClaims.key(connection, omsName));
  }

  @Override
  public PolarDBXDataSource writeStatus(PolarDBXDataSource resource,
      PolarDBXDataSourceStatus status) {
    // No retry on conflict: a 409 means this reconcile worked from an outdated copy, so its
    // status must not be forced onto the newer one. The exception ends the reconcile (and
    // prevents any OMS call after it); JOSDK runs it again on the fresh resource.
    List<String> claimedBefore = NameClaims.indexKeys(resource);
    PolarDBXDataSource written = PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource,
        context, r -> {
          r.setStatus(status);
          return r;
        }, r -> context.getClient().resource(r).updateStatus(), 0,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
    if (!claimedBefore.equals(NameClaims.indexKeys(written))) {
      // An intent or an ID came or went: the other claimants of both names decide again.
      wakeClaimantsOf.accept(resource);
      wakeClaimantsOf.accept(written);
    }
    return written;
  }

  @Override
  public void event(PolarDBXDataSource resource, String type, String reason, String message) {
    events.record(context.getClient(), resource, type, reason, message);
  }
}
