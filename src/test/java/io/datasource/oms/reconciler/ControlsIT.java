package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.hasCondition;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.ManagementPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.SharedOperatorIT;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The three controls on a resource (pause, managementPolicy: Observe, reconcile now), with the real
 * operator on a real API server and the simulator. The harness lists OMS only when asked (its sync
 * interval is ten minutes), so a change made in OMS behind the operator's back is seen only when a
 * reconcile-now token asks for a fresh listing.
 */
class ControlsIT extends SharedOperatorIT {

  private static final Duration QUIET = Duration.ofSeconds(3);

  private String readyResource(String name) {
    PolarDBXDataSource r = resource(ns, name);
    r.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    env.createWithSecrets(r);
    return env.awaitReady(ns, name, "True", ReadyReason.CREATED).getStatus().getDataSourceId();
  }

  private void annotate(String name, String key, String value) {
    env.pxds(ns, name).edit(r -> {
      if (value == null) {
        r.getMetadata().getAnnotations().remove(key);
      } else {
        r.getMetadata().getAnnotations().put(key, value);
      }
      return r;
    });
  }

  /** The status without its Paused condition. */
  private static PolarDBXDataSourceStatus withoutPaused(PolarDBXDataSource r) {
    PolarDBXDataSourceStatus s = StatusEditor.copy(r.getStatus());
    StatusEditor.remove(s, Conditions.PAUSED);
    return s;
  }

  private PolarDBXDataSource awaitPaused(String name) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> env.get(ns, name),
        hasCondition(Conditions.PAUSED));
  }

  @Test
  void pausedResourceMakesNoOmsCallAndChangesOnlyThePausedCondition() {
    readyResource("paused");
    PolarDBXDataSource before = env.get(ns, "paused");
    annotate("paused", Annotations.PAUSED, "true");

    PolarDBXDataSource paused = awaitPaused("paused");
    assertThat(paused).condition(Conditions.PAUSED).hasStatus("True");
    assertThat(paused).condition(Conditions.PAUSED).hasReason(Conditions.PAUSED_BY_ANNOTATION);
    assertThat(paused).condition(Conditions.PAUSED).hasMessageContaining(Annotations.PAUSED);
    assertThat(withoutPaused(paused)).isEqualTo(before.getStatus());

    // A spec change and a reconcile-now token while paused: nothing called, nothing else written.
    int calls = env.sim.totalCalls();
    env.pxds(ns, "paused").edit(r -> {
      r.getSpec().setDescription("changed while paused");
      r.getMetadata().getAnnotations().put(Annotations.RECONCILE_REQUESTED_AT, "while-paused");
      return r;
    });
    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> env.sim.totalCalls() == calls);
    PolarDBXDataSource still = env.get(ns, "paused");
    assertThat(withoutPaused(still)).isEqualTo(before.getStatus());
    assertThat(still.getStatus().getLastHandledReconcileAt()).isNull();

    // Resuming reconciles the change made meanwhile, and the Paused condition goes.
    annotate("paused", Annotations.PAUSED, null);
    PolarDBXDataSource resumed = env.awaitCondition(ns, "paused", Conditions.UP_TO_DATE, "False",
        UpToDateReason.SPEC_CHANGED);
    assertThat(resumed).doesNotHaveCondition(Conditions.PAUSED);
    assertThat(resumed.getStatus().getObservedGeneration())
        .isEqualTo(resumed.getMetadata().getGeneration());
  }

  @Test
  void deletingAPausedResourceReleasesItWithoutAnOmsCallAndTheDataSourceStays() {
    String id = readyResource("pause-delete");
    annotate("pause-delete", Annotations.PAUSED, "true");
    awaitPaused("pause-delete");
    int calls = env.sim.totalCalls();

    env.pxds(ns, "pause-delete").delete();
    env.awaitGone(ns, "pause-delete");

    assertThat(env.sim.totalCalls()).isEqualTo(calls);
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::id).containsExactly(id);
    assertThat(env.events(ns, "Released")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("paused").contains(id));
  }

  @Test
  void observeFindsByNameReportsDriftAndNeverDeletes() {
    String id = env.sim.addExisting("owned-elsewhere", "cn-anhui");
    PolarDBXDataSource r = resource(ns, "observer");
    r.getSpec().setName("owned-elsewhere");
    // As the owner created it (see OmsSimulator.addExisting), so that it is in sync at first.
    r.getSpec().setIntranetAddr("10.0.0.1:3306");
    r.getSpec().setDescription("created outside the operator");
    r.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    r.getSpec().setDeletionPolicy(DeletionPolicy.Delete); // Observe wins: never deleted
    env.createWithSecrets(r);

    PolarDBXDataSource observed = env.awaitReady(ns, "observer", "True", ReadyReason.OBSERVED);
    assertThat(observed.getStatus().getDataSourceId()).isEqualTo(id);
    assertThat(observed.getStatus().getOmsName()).isEqualTo("owned-elsewhere");
    assertThat(env.events(ns, ReadyReason.OBSERVED)).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(id));

    env.sim.changeBehindBack(id, "cn-hangzhou", null, null);
    annotate("observer", Annotations.RECONCILE_REQUESTED_AT, "after-drift");
    PolarDBXDataSource drifted = env.awaitCondition(ns, "observer", Conditions.UP_TO_DATE,
        "False", UpToDateReason.CHANGED_IN_OMS);
    assertThat(drifted).condition(Conditions.UP_TO_DATE).message()
        .contains("region (OMS: 'cn-hangzhou'").contains("changes nothing");
    assertThat(drifted).ready().hasReason(ReadyReason.OBSERVED);

    env.pxds(ns, "observer").delete();
    env.awaitGone(ns, "observer");
    assertThat(env.sim.callCount(OmsSimulator.DELETE_ACTION)).isZero();
    assertThat(env.sim.findByName("owned-elsewhere")).isPresent();
    assertThat(env.creates("owned-elsewhere")).isZero();
  }

  @Test
  void observeNeverCreatesAndFindsTheDataSourceOnceItExists() {
    PolarDBXDataSource r = resource(ns, "not-yet");
    r.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    env.createWithSecrets(r);

    PolarDBXDataSource missing = env.awaitReady(ns, "not-yet", "False",
        ReadyReason.NOT_FOUND_IN_OMS);
    assertThat(missing).ready().hasMessageContaining("never creates it");
    assertThat(env.creates("not-yet")).isZero();
    assertThat(env.sim.dataSources()).isEmpty();

    String id = env.sim.addExisting("not-yet", "cn-anhui");
    annotate("not-yet", Annotations.RECONCILE_REQUESTED_AT, "created-by-owner");
    PolarDBXDataSource found = env.awaitReady(ns, "not-yet", "True", ReadyReason.OBSERVED);
    assertThat(found.getStatus().getDataSourceId()).isEqualTo(id);
    assertThat(found.getStatus().getLastHandledReconcileAt()).isEqualTo("created-by-owner");
    assertThat(env.creates("not-yet")).isZero();
  }

  @Test
  void reconcileNowTokenIsCopiedToStatusAfterAFreshLookup() {
    String id = readyResource("now");
    env.sim.deleteBehindBack(id);
    int listings = env.sim.callCount(OmsSimulator.LIST_ACTION);

    annotate("now", Annotations.RECONCILE_REQUESTED_AT, "2026-11-30T17:00:00Z");
    PolarDBXDataSource handled = await().atMost(Duration.ofSeconds(20))
        .until(() -> env.get(ns, "now"), r -> r.getStatus() != null
            && "2026-11-30T17:00:00Z".equals(r.getStatus().getLastHandledReconcileAt()));
    // The fresh listing found what changed in OMS, in the same reconcile that copied the token.
    assertThat(handled).ready().hasReason(ReadyReason.NOT_FOUND_IN_OMS);
    assertThat(env.sim.callCount(OmsSimulator.LIST_ACTION)).isGreaterThan(listings);

    // The same token again is not a new request: no call.
    int calls = env.sim.totalCalls();
    env.pxds(ns, "now").edit(r -> {
      r.getMetadata().getLabels().put("touched", "yes");
      return r;
    });
    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> env.sim.totalCalls() == calls);

    annotate("now", Annotations.RECONCILE_REQUESTED_AT, "second");
    await().atMost(Duration.ofSeconds(20)).until(() -> env.get(ns, "now"),
        r -> "second".equals(r.getStatus().getLastHandledReconcileAt()));
    assertThat(env.sim.totalCalls()).isGreaterThan(calls);
  }
}
