package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.testing.Fixtures;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates start a reconcile: spec, deletion, finalizers and the two control annotations. */
class SpecOrControlsChangedTest {

  private final SpecOrControlsChanged filter = new SpecOrControlsChanged();

  private static PolarDBXDataSource base() {
    PolarDBXDataSource r = Fixtures.resource("ns", "r");
    r.getMetadata().setGeneration(3L);
    return r;
  }

  private boolean accepts(Consumer<PolarDBXDataSource> change) {
    PolarDBXDataSource before = base();
    PolarDBXDataSource now = base();
    change.accept(now);
    return filter.accept(now, before);
  }

  @Test
  void aStatusOrLabelChangeAloneStartsNothing() {
    assertThat(accepts(r -> r.setStatus(new PolarDBXDataSourceStatus()))).isFalse();
    assertThat(accepts(r -> r.getMetadata().getLabels().put("team", "a"))).isFalse();
    assertThat(accepts(r -> r.getMetadata().getAnnotations().put("other", "x"))).isFalse();
  }

  @Test
  void aNewGenerationDeletionOrFinalizerStartsAReconcile() {
    assertThat(accepts(r -> r.getMetadata().setGeneration(4L))).isTrue();
    assertThat(accepts(r -> r.getMetadata().setDeletionTimestamp("2026-11-30T17:00:00Z")))
        .isTrue();
    assertThat(accepts(r -> r.getMetadata().setFinalizers(List.of("f")))).isTrue();
  }

  @Test
  void theOperatorsOwnIntentPatchStartsNothingButItsFinalizerRemovedDoes() {
    // The intent's patch adds the finalizer and the annotation at once: its own reconcile goes on.
    assertThat(accepts(r -> {
      r.getMetadata().setFinalizers(List.of(PrimaryWrites.FINALIZER));
      r.getMetadata().getAnnotations().put(Annotations.CREATE_INTENT, "{\"id\":\"1\"}");
    })).isFalse();
    // The finalizer alone (a first status write) or someone else's: reconciled, as before.
    assertThat(accepts(r -> r.getMetadata().setFinalizers(List.of(PrimaryWrites.FINALIZER))))
        .isTrue();
    // Taken away (not while deleting): the operator puts it back.
    PolarDBXDataSource before = base();
    before.getMetadata().setFinalizers(List.of(PrimaryWrites.FINALIZER));
    PolarDBXDataSource now = base();
    now.getMetadata().setFinalizers(List.of());
    assertThat(filter.accept(now, before)).isTrue();
  }

  @Test
  void theControlAnnotationsStartAReconcile() {
    assertThat(accepts(r -> r.getMetadata().getAnnotations().put(Annotations.PAUSED, "true")))
        .isTrue();
    assertThat(accepts(r -> r.getMetadata().getAnnotations()
        .put(Annotations.RECONCILE_REQUESTED_AT, "t1"))).isTrue();
    // Not "true": still not paused, so no change of state.
    assertThat(accepts(r -> r.getMetadata().getAnnotations().put(Annotations.PAUSED, "yes")))
        .isFalse();
  }
}
