package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Wakes the other resources that claim an OMS name when one claimant changes, so that a
 * NameConflict clears itself when its owner goes away or lets the name go. It reads the claimants
 * from the primary cache's {@link NameClaims#INDEX} index: no second informer on the resource type
 * (which would hold and decode every resource twice).
 *
 * <p>The reconciler calls it when it sees a claimant (reconcile and cleanup: spec changes, a
 * deletion starting) and after each status write (an intent or an ID appearing or going). A woken
 * peer that still sees an owner on its way out retries after the short delay until it is gone.
 */
final class ClaimantsEventSource extends AbstractEventSource<Void, PolarDBXDataSource> {

  static final String NAME = "name-claims";

  private final IndexerResourceCache<PolarDBXDataSource> primaries;

  ClaimantsEventSource(IndexerResourceCache<PolarDBXDataSource> primaries) {
    super(Void.class, NAME);
    this.primaries = Objects.requireNonNull(primaries, "primaries");
  }

  /** Reconciles every other resource that claims a name {@code changed} claims. */
  void wakeClaimantsOf(PolarDBXDataSource changed) {
    if (!isRunning() || getEventHandler() == null) {
      return;
    }
    for (ResourceID id : claimants(primaries, changed)) {
      getEventHandler().handleEvent(new Event(id));
    }
  }

  /** It holds nothing: it only relays changes. */
  @Override
  public Set<Void> getSecondaryResources(PolarDBXDataSource primary) {
    return Set.of();
  }

  /** The other resources in the cache that claim one of the names {@code changed} claims. */
  static Set<ResourceID> claimants(IndexerResourceCache<PolarDBXDataSource> primaries,
      PolarDBXDataSource changed) {
    Set<ResourceID> ids = new HashSet<>();
    for (String name : NameClaims.indexKeys(changed)) {
      for (PolarDBXDataSource p : primaries.byIndex(NameClaims.INDEX, name)) {
        if (!Objects.equals(p.getMetadata().getUid(), changed.getMetadata().getUid())) {
          ids.add(ResourceID.fromResource(p));
        }
      }
    }
    return ids;
  }
}
