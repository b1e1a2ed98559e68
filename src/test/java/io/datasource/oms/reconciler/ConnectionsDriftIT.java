package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static io.datasource.oms.testing.ConditionAssertions.readyReasonIs;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.ConnectionRef;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The periodic OMS_SYNC_INTERVAL listing also covers the OmsConnections: drift on a named
 * connection's OMS is found without a reconcile-now request. The connections are checked only
 * every minute here, so that no connection status change reconciles the resources meanwhile.
 */
class ConnectionsDriftIT {

  static final Duration SYNC = Duration.ofSeconds(2);
  static final Duration CHECK = Duration.ofMinutes(1);

  static ItEnv env;
  static OmsSimulator second;
  static TestOperator operator;

  @BeforeAll
  static void start() {
    env = new ItEnv();
    second = OmsSimulator.builder().validRegions(Set.of(Fixtures.REGION)).port(0).start();
    // Connections are checked every SLOW_RETRY_DELAY.
    operator = env.operator().env("OMS_CONNECTIONS_ENABLED", "true",
        "SLOW_RETRY_DELAY", CHECK.toSeconds() + "s", "OMS_SYNC_INTERVAL", SYNC.toMillis() + "ms")
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      operator.close();
      second.close();
      env.close();
    }
  }

  @Test
  void aDataSourceDeletedBehindTheOperatorsBackOnANamedConnectionIsFoundWithinASyncInterval() {
    String ns = env.namespace("named-drift");
    String name = ns + "-second";
    OmsConnectionSpec spec = new OmsConnectionSpec();
    spec.setBaseUrl(second.baseUrl().toString());
    OmsConnection c = new OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.setSpec(spec);
    env.client.resource(c).create();
    await().atMost(Duration.ofSeconds(20)).until(
        () -> env.client.resources(OmsConnection.class).withName(name).get(),
        readyIs("True", ConnectionReason.CONNECTED));

    PolarDBXDataSource r = resource(ns, "drifts");
    r.getSpec().setConnectionRef(new ConnectionRef(name));
    env.createWithSecrets(r);
    PolarDBXDataSource created = env.awaitReady(ns, "drifts", "True", ReadyReason.CREATED);
    String id = created.getStatus().getDataSourceId();
    assertThat(second.findByName("drifts").orElseThrow().id()).isEqualTo(id);
    assertThat(env.sim.findByName("drifts")).isEmpty();

    // Let a periodic listing that began after the create see it (two listings apart: a listing's
    // pages are milliseconds apart), then delete it behind the operator's back.
    java.time.Instant readyAt = java.time.Instant.now();
    await().atMost(SYNC.multipliedBy(3).plusSeconds(5)).until(() -> {
      List<java.time.Instant> at = second.recentRequests().stream()
          .filter(q -> OmsSimulator.LIST_ACTION.equals(q.action()) && q.receivedAt().isAfter(readyAt)
              && (q.body() == null || !q.body().contains(OmsConnectionReconciler.CHECK_SEARCH_KEY)))
          .map(q -> q.receivedAt()).toList();
      return !at.isEmpty()
          && Duration.between(at.get(0), at.get(at.size() - 1)).compareTo(SYNC.dividedBy(2)) > 0;
    });
    second.deleteBehindBack(id);
    Duration bound = SYNC.multipliedBy(2).plusSeconds(8); // one interval, a reconcile, slack
    PolarDBXDataSource gone = await().atMost(bound).until(() -> env.get(ns, "drifts"),
        readyReasonIs(ReadyReason.NOT_FOUND_IN_OMS));
    assertThat(gone).ready().hasStatus("False");
    assertThat(gone).ready().hasMessageContaining(id);

    env.cleanUp(ns);
    env.client.resources(OmsConnection.class).withName(name).delete();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> env.client.resources(OmsConnection.class).withName(name).get() == null);
  }
}
