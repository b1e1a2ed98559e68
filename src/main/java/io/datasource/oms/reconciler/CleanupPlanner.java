package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The plan step of a cleanup, pure like {@link Planner}: release without an OMS call (paused,
 * observer, Orphan, nothing created, already gone), or delete what this resource holds or may
 * have created.
 */
final class CleanupPlanner {

  private CleanupPlanner() {}

  /** The resource is being deleted. */
  static Plan plan(PolarDBXDataSource resource, PolarDBXDataSourceStatus status,
      DeletionPolicy defaultPolicy) {
    String id = status.getDataSourceId();
    if (Annotations.paused(resource)) {
      return new Plan.Release("released-paused", "Released", Messages.releasedPausedEvent(id));
    }
    if (resource.getSpec() != null && resource.getSpec().observeOnly()) {
      return new Plan.Release("released-observer", id == null ? null : "Released",
          id == null ? null : Messages.releasedObserverEvent(id));
    }
    DeletionPolicy policy = resource.getSpec() != null
        && resource.getSpec().getDeletionPolicy() != null
        ? resource.getSpec().getDeletionPolicy() : defaultPolicy;
    CreateIntent intent = status.getCreateIntent();
    if (policy == DeletionPolicy.Orphan) {
      return new Plan.Release("orphaned", id == null ? null : "Orphaned",
          id == null ? null : Messages.orphanedEvent(id));
    }
    if (id == null && intent == null) {
      return new Plan.Release("released-without-data-source", null, null);
    }
    Condition ready = StatusEditor.find(status, Conditions.READY);
    if (id != null && ready != null && ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason())) {
      return new Plan.Release("released-gone-from-oms", "Released",
          Messages.releasedGoneEvent(id));
    }
    // A create may have committed without its answer: find it so that nothing leaks.
    return id == null ? new Plan.DeleteIfCreated(intent.getOmsName())
        : new Plan.Delete(id, status.getOmsName());
  }

}
