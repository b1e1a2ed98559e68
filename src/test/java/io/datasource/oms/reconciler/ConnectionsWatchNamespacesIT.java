package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.ConnectionRef;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With WATCH_NAMESPACES, a connection counts (and waits for, when deleted) only the
 * PolarDBXDataSources in the watched namespaces: a resource elsewhere that names it is not this
 * operator's.
 */
class ConnectionsWatchNamespacesIT {

  static ItEnv env;
  static TestOperator operator;
  static String watched;
  static String other;

  @BeforeAll
  static void start() {
    env = new ItEnv();
    watched = env.namespace("watched");
    other = env.namespace("not-watched");
    // Connections are checked every SLOW_RETRY_DELAY.
    operator = env.operator().env("OMS_CONNECTIONS_ENABLED", "true", "SLOW_RETRY_DELAY", "1s")
        .watching(watched).start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      operator.close();
      env.close();
    }
  }

  @Test
  void aConnectionCountsOnlyTheResourcesInTheWatchedNamespaces() {
    String name = watched + "-conn";
    OmsConnectionSpec spec = new OmsConnectionSpec();
    spec.setBaseUrl(env.sim.baseUrl().toString());
    OmsConnection c = new OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.setSpec(spec);
    env.client.resource(c).create();

    // First the one in the namespace this operator does not watch, then the watched one.
    PolarDBXDataSource outside = resource(other, "outside");
    outside.getSpec().setConnectionRef(new ConnectionRef(name));
    env.createWithSecrets(outside);
    PolarDBXDataSource inside = resource(watched, "inside");
    inside.getSpec().setConnectionRef(new ConnectionRef(name));
    env.createWithSecrets(inside);
    env.awaitReady(watched, "inside", "True", ReadyReason.CREATED);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      OmsConnection x = env.client.resources(OmsConnection.class).withName(name).get();
      assertThat(x.getStatus().getResourceCount()).isEqualTo(1);
      assertThat(x.getStatus().getUsedBy()).containsExactly(watched + "/inside");
    });
    assertThat(env.get(other, "outside").getStatus()).as("not this operator's").isNull();

    // The finalizer's in-use check waits for the watched resource only.
    env.pxds(watched, "inside").delete();
    env.awaitGone(watched, "inside");
    env.client.resources(OmsConnection.class).withName(name).delete();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> env.client.resources(OmsConnection.class).withName(name).get() == null);
    assertThat(env.get(other, "outside")).isNotNull();
  }
}
