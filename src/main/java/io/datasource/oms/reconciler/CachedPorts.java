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
  private final PrimaryWrites writes;
  private PolarDBXDataSource latest;
  private boolean wrote;

  /**
   * @param subject the resource reconciled, as the lifecycle sees it; its OmsConnection (null:
   *     the default one) is the scope of its claimants' OMS names
   * @param wakeClaimantsOf reconciles the other claimants of a resource's OMS names
   */
  CachedPorts(Context<PolarDBXDataSource> context, SecretLookup secrets,
      PolarDBXDataSource subject,
      EventRecorder events, Consumer<PolarDBXDataSource> wakeClaimantsOf) {
    this.context = context;
    this.secrets = secrets;
    this.connection = subject.getSpec() == null ? null : subject.getSpec().connectionName();
    this.latest = subject;
    this.events = events;
    this.wakeClaimantsOf = wakeClaimantsOf;
    this.writes = new PrimaryWrites(context);
  }

  /** The writes of this reconcile's resource (the finalizer, the intent patch, the status). */
  PrimaryWrites writes() {
    return writes;
  }

  /** Whether this reconcile wrote the resource (a status write or the intent patch). */
  boolean wrote() {
    return wrote;
  }

  /** The resource as last written in this reconcile (at first: as the lifecycle saw it). */
  PolarDBXDataSource latest() {
    return latest;
  }

  @Override
  public SecretLookup secrets() {
    return secrets;
  }

  @Override
  public List<PolarDBXDataSource> claimants(String omsName) {
    // As the lifecycle sees them: an open annotation intent in place of an older ID.
    return context.getPrimaryCache().byIndex(NameClaims.INDEX,
        NameClaims.key(connection, omsName)).stream().map(IntentStore::view).toList();
  }

  @Override
  public PolarDBXDataSource writeStatus(PolarDBXDataSource resource,
      PolarDBXDataSourceStatus status) {
    // No retry on conflict: a 409 means this reconcile worked from an outdated copy, so its
    // status (or intent) must not be forced onto the newer one. The exception ends the reconcile (and
    // prevents any OMS call after it); JOSDK runs it again on the fresh resource.
    List<String> claimedBefore = NameClaims.indexKeys(resource);
    PolarDBXDataSource written = writes.write(resource, status);
    wrote = true;
    latest = written;
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
