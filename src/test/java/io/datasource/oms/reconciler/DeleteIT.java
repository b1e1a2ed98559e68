package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.SharedOperatorIT;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Deleting under each policy and each OMS answer: the real operator on the mock and simulator. */
class DeleteIT extends SharedOperatorIT {

  private String readyResource(String name, DeletionPolicy policy) {
    PolarDBXDataSource r = resource(ns, name);
    r.getSpec().setDeletionPolicy(policy);
    env.createWithSecrets(r);
    return env.awaitReady(ns, name, "True", ReadyReason.CREATED).getStatus().getDataSourceId();
  }

  @Test
  void deletePolicyDeletesTheDataSource() {
    String id = readyResource("del", DeletionPolicy.Delete);
    env.pxds(ns, "del").delete();
    env.awaitGone(ns, "del");
    assertThat(env.sim.dataSources()).isEmpty();
    assertThat(env.events(ns, "Deleted")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(id).contains("request ID"));
  }

  /** The operator manages its finalizer itself: taken away, it is put back, and deletion works. */
  @Test
  void aRemovedFinalizerIsPutBack() {
    String id = readyResource("refin", DeletionPolicy.Delete);
    assertThat(env.get(ns, "refin").hasFinalizer(PrimaryWrites.FINALIZER)).isTrue();
    env.pxds(ns, "refin").edit(r -> {
      r.getMetadata().setFinalizers(new ArrayList<>());
      return r;
    });
    await().atMost(Duration.ofSeconds(10))
        .until(() -> env.get(ns, "refin").hasFinalizer(PrimaryWrites.FINALIZER));
    env.pxds(ns, "refin").delete();
    env.awaitGone(ns, "refin");
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::id).doesNotContain(id);
  }

  @Test
  void unsetPolicyUsesTheConfiguredDefaultDelete() {
    readyResource("default", null);
    env.pxds(ns, "default").delete();
    env.awaitGone(ns, "default");
    assertThat(env.sim.dataSources()).isEmpty();
  }

  @Test
  void orphanPolicyLeavesTheDataSource() {
    String id = readyResource("orphan", DeletionPolicy.Orphan);
    env.pxds(ns, "orphan").delete();
    env.awaitGone(ns, "orphan");
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::id).containsExactly(id);
    assertThat(env.sim.callCount("DeleteDataSource")).isZero();
  }

  @Test
  void aResourceThatNeverGotAnIdIsReleasedAtOnce() {
    PolarDBXDataSource r = resource(ns, "noid");
    r.getSpec().setRegion(" ");
    env.createWithSecrets(r);
    env.awaitReady(ns, "noid", "False", ReadyReason.INVALID_SPEC);
    env.pxds(ns, "noid").delete();
    env.awaitGone(ns, "noid");
    assertThat(env.sim.totalCalls()).isZero();
  }

  @Test
  void omsDownDuringDeleteKeepsTheFinalizerUntilOmsIsBack() {
    readyResource("down", DeletionPolicy.Delete);
    env.sim.faults().unavailable(true);
    env.pxds(ns, "down").delete();

    PolarDBXDataSource r = env.awaitReady(ns, "down", "False", ReadyReason.DELETING);
    assertThat(r).ready().hasMessageContaining("backoff");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> env.get(ns, "down") != null);
    assertThat(env.sim.callCount("DeleteDataSource")).isGreaterThan(1);

    env.sim.faults().unavailable(false);
    env.awaitGone(ns, "down");
    assertThat(env.sim.dataSources()).isEmpty();
  }

  @Test
  void anUnsupportedDeleteSaysHowToReleaseAndOrphanReleases() {
    String id = readyResource("nodelete", DeletionPolicy.Delete);
    env.sim.deleteSupported(false);
    env.pxds(ns, "nodelete").delete();

    PolarDBXDataSource r = env.awaitReady(ns, "nodelete", "False", ReadyReason.DELETE_UNSUPPORTED);
    assertThat(r).ready().hasMessageContaining("deletionPolicy: Orphan");
    await().untilAsserted(() -> assertThat(env.events(ns, "DeleteFailed")).singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("deletionPolicy: Orphan");
        }));

    env.pxds(ns, "nodelete").edit(x -> {
      x.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
      return x;
    });
    env.awaitGone(ns, "nodelete");
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::id).containsExactly(id);
  }

  @Test
  void aRefusedDeleteIsRetriedSlowlyUntilOmsAllowsIt() {
    String id = readyResource("inuse", DeletionPolicy.Delete);
    env.sim.markInUse(id);
    env.pxds(ns, "inuse").delete();

    PolarDBXDataSource r = env.awaitReady(ns, "inuse", "False", ReadyReason.DELETE_FAILED);
    assertThat(r.getStatus().getLastError().getCode()).isEqualTo("DATASOURCE_IN_USE");
    assertThat(r).ready().hasMessageContaining("deletionPolicy: Orphan");
    assertThat(env.events(ns, "DeleteFailed")).hasSize(1);

    env.sim.release(id);
    env.awaitGone(ns, "inuse");
    assertThat(env.sim.dataSources()).isEmpty();
  }

  @Test
  void aDataSourceAlreadyGoneCountsAsDeleted() {
    readyResource("gone", DeletionPolicy.Delete);
    env.sim.reset();
    env.pxds(ns, "gone").delete();
    env.awaitGone(ns, "gone");
    assertThat(env.sim.callCount("DeleteDataSource")).isEqualTo(1);
  }

  @Test
  void aResourceDeletedWhileItsCreateIsInFlightLeaksNothing() {
    env.sim.faults().fixedLatency(Duration.ofMillis(1500));
    env.createWithSecrets(resource(ns, "inflight"));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      PolarDBXDataSource r = env.get(ns, "inflight");
      return ItEnv.openIntent(r) != null;
    });
    env.pxds(ns, "inflight").delete();
    env.awaitGone(ns, "inflight");
    assertThat(env.sim.dataSources()).isEmpty();
  }

  @Test
  void deletingANamespaceFullOfResourcesReleasesEachByItsPolicy() {
    for (int i = 0; i < 8; i++) {
      PolarDBXDataSource r = resource(ns, "many" + i);
      r.getSpec().setDeletionPolicy(i % 2 == 0 ? DeletionPolicy.Delete : DeletionPolicy.Orphan);
      env.createWithSecrets(r);
    }
    for (int i = 0; i < 8; i++) {
      env.awaitReady(ns, "many" + i, "True", ReadyReason.CREATED);
    }
    env.client.resources(PolarDBXDataSource.class).inNamespace(ns).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> env.client
        .resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().isEmpty());
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactlyInAnyOrder("many1", "many3", "many5", "many7");
  }
}
