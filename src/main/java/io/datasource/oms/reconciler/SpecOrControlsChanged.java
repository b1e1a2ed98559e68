package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a PolarDBXDataSource start a reconcile: JOSDK's generation-aware filter, plus
 * the two control annotations (pause, reconcile now), which change metadata but not the
 * generation. JOSDK ANDs a filter of its own with its internal ones, so the controller turns its
 * generation-aware processing off and this filter keeps everything that one let through: a new
 * generation, deletion, and a finalizer change (JOSDK reconciles once it added its finalizer).
 * Status writes, the operator's own and any other, still start nothing.
 */
public final class SpecOrControlsChanged implements OnUpdateFilter<PolarDBXDataSource> {

  @Override
  public boolean accept(PolarDBXDataSource now, PolarDBXDataSource before) {
    Long generation = now.getMetadata().getGeneration();
    return generation == null
        || before.getMetadata().getGeneration() == null
        || generation > before.getMetadata().getGeneration()
        || now.isMarkedForDeletion()
        || !Objects.equals(now.getMetadata().getFinalizers(), before.getMetadata().getFinalizers())
        || Annotations.paused(now) != Annotations.paused(before)
        || !Objects.equals(Annotations.reconcileRequestedAt(now),
            Annotations.reconcileRequestedAt(before));
  }
}
