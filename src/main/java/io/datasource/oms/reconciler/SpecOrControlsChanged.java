package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a PolarDBXDataSource start a reconcile: JOSDK's generation-aware filter, plus
 * the two control annotations (pause, reconcile now), which change metadata but not the
 * generation. JOSDK ANDs a filter of its own with its internal ones, so the controller turns its
 * generation-aware processing off and this filter keeps everything that one let through: a new
 * generation, deletion, and a finalizer change (the operator puts its finalizer back if someone
 * removes it).
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
        || finalizersChangedByOthers(now, before)
        || Annotations.paused(now) != Annotations.paused(before)
        || !Objects.equals(Annotations.reconcileRequestedAt(now),
            Annotations.reconcileRequestedAt(before));
  }

  /**
   * A finalizer change, except the operator's own intent patch (its finalizer added together with
   * a new create intent): the reconcile that made it goes on, and a round of its own would find
   * nothing to do.
   */
  private static boolean finalizersChangedByOthers(PolarDBXDataSource now,
      PolarDBXDataSource before) {
    List<String> is = now.getMetadata().getFinalizers() == null ? List.of()
        : now.getMetadata().getFinalizers();
    List<String> was = before.getMetadata().getFinalizers() == null ? List.of()
        : before.getMetadata().getFinalizers();
    if (Objects.equals(is, was)) {
      return false;
    }
    boolean ownIntentPatch = !before.hasFinalizer(PrimaryWrites.FINALIZER)
        && now.hasFinalizer(PrimaryWrites.FINALIZER) && is.size() == was.size() + 1
        && is.containsAll(was)
        && !Objects.equals(intent(now), intent(before));
    return !ownIntentPatch;
  }

  private static String intent(PolarDBXDataSource r) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(Annotations.CREATE_INTENT);
  }
}
