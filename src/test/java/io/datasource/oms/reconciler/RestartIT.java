package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyReasonIs;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.CrashingOmsClient;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What survives an operator restart: each test stops its operator and starts a new one. */
class RestartIT {

  static ItEnv env;

  @BeforeAll
  static void start() {
    env = new ItEnv();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      env.close();
    }
  }

  private static List<SimulatedDataSource> named(String name) {
    return env.sim.dataSources().stream().filter(d -> name.equals(d.name())).toList();
  }

  @Test
  void anOperatorThatDiesAfterCreateAdoptsItsDataSourceAfterRestart() {
    String ns = env.namespace("crash");
    AtomicReference<CrashingOmsClient> dying = new AtomicReference<>();
    try (TestOperator first = env.operator().omsTransport(config -> {
      dying.set(new CrashingOmsClient(new HttpOmsClient(config.toOmsSettings())));
      return dying.get();
    }).start()) {
      env.createWithSecrets(resource(ns, "crashed"));
      await().atMost(Duration.ofSeconds(20)).until(() -> dying.get().hasCrashed());
    }
    PolarDBXDataSource afterCrash = env.get(ns, "crashed");
    assertThat(ItEnv.openIntent(afterCrash)).isNotNull();
    assertThat(afterCrash.getStatus() == null ? null : afterCrash.getStatus().getDataSourceId())
        .isNull();
    assertThat(named("crashed")).hasSize(1);

    try (TestOperator second = env.operator().start()) {
      PolarDBXDataSource r = env.awaitReady(ns, "crashed", "True", ReadyReason.CREATED);
      assertThat(r.getStatus().getDataSourceId()).isEqualTo(named("crashed").get(0).id());
      assertThat(r.getStatus().getCreateIntent()).isNull();
      assertThat(ItEnv.openIntent(r)).isNull();
      assertThat(named("crashed")).hasSize(1);
      assertThat(env.creates("crashed")).isEqualTo(1);
    }
  }

  /**
   * Upgrade: a resource that an earlier version left with {@code status.createIntent} (its create
   * committed, its answer lost, then the operator was replaced) is settled by name, not refused as
   * a NameConflict and not created again.
   */
  @Test
  void anIntentThatAnEarlierVersionLeftInStatusIsStillHonoured() {
    String ns = env.namespace("legacy");
    String id = env.sim.addExisting("legacy", io.datasource.oms.testing.Fixtures.REGION);
    env.createWithSecrets(resource(ns, "legacy"));
    PolarDBXDataSourceStatus left = new PolarDBXDataSourceStatus();
    left.setOmsName("legacy");
    left.setCreateIntent(new CreateIntent("legacy", "2026-11-30T12:00:00Z"));
    env.pxds(ns, "legacy").editStatus(r -> {
      r.setStatus(left);
      return r;
    });

    try (TestOperator run = env.operator().start()) {
      PolarDBXDataSource r = env.awaitReady(ns, "legacy", "True", ReadyReason.CREATED);
      assertThat(r).ready().hasMessageContaining("found by name");
      assertThat(r.getStatus().getDataSourceId()).isEqualTo(id);
      assertThat(r.getStatus().getCreateIntent()).isNull();
      assertThat(ItEnv.openIntent(r)).isNull();
      assertThat(env.creates("legacy")).isZero();
      assertThat(named("legacy")).hasSize(1);
    }
  }

  @Test
  void theOlderResourceKeepsTheNameAcrossRestarts() {
    String ns = env.namespace("claims");
    String ownerId;
    try (TestOperator first = env.operator().start()) {
      env.createWithSecrets(resource(ns, "owner"));
      ownerId = env.awaitReady(ns, "owner", "True", ReadyReason.CREATED).getStatus()
          .getDataSourceId();
      PolarDBXDataSource newer = resource(ns, "newer");
      newer.getSpec().setName("owner");
      env.createWithSecrets(newer);
      env.awaitReady(ns, "newer", "False", ReadyReason.NAME_CONFLICT);
    }
    try (TestOperator second = env.operator().start()) {
      String version = env.get(ns, "newer").getMetadata().getResourceVersion();
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> {
        PolarDBXDataSource owner = env.get(ns, "owner");
        PolarDBXDataSource newer = env.get(ns, "newer");
        return ownerId.equals(owner.getStatus().getDataSourceId())
            && readyReasonIs(ReadyReason.NAME_CONFLICT).test(newer);
      });
      assertThat(env.get(ns, "newer").getMetadata().getResourceVersion()).isEqualTo(version);
      assertThat(env.creates("owner")).isEqualTo(1);
      assertThat(named("owner")).hasSize(1);
    }
  }
}
