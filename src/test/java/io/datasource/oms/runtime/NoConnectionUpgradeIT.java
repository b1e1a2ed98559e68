package io.datasource.oms.runtime;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.ManagementPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.sandbox.RealKubernetes;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Existing installs with no OmsConnection keep working unchanged: resources made Ready under the
 * CRD of the release before OmsConnection (a copy of main's deploy/crds, in this test's
 * resources) and with that release's configuration (no OMS_CONNECTIONS_ENABLED) are, after the
 * current CRDs are applied and the current operator starts with the same configuration, still
 * Ready with the same IDs and no OMS create; a new resource without spec.connectionRef goes to the
 * same OMS, and the new spec fields read as their defaults.
 */
class NoConnectionUpgradeIT {

  static final List<String> NAMES = List.of("orders", "payments");

  @Test
  void resourcesOfThePreviousCrdAndConfigurationKeepWorking() throws Exception {
    try (KubeApi kube = KubeApi.dedicated(null, List.of(), false);
        OmsSimulator sim = RuntimeFixtures.simulator()) {
      try (InputStream previous = NoConnectionUpgradeIT.class.getResourceAsStream(
          "/NoConnectionUpgradeIT/polardbxdatasources.oms.datasource.io-v1.yml")) {
        kube.server().apply(previous);
      }
      var k = kube.admin();
      String ns = kube.namespace("upgrade");
      TestOperator.Builder operator = RuntimeFixtures.operator(kube, sim);
      assertThat(OperatorConfig.fromEnvironment(operator.build().environment())
          .connections().enabled()).as("the previous configuration").isFalse();

      try (TestOperator before = operator.start()) {
        for (String name : NAMES) {
          RuntimeFixtures.create(k, ns, name, "cn-anhui");
        }
        for (String name : NAMES) {
          await().atMost(Duration.ofSeconds(30))
              .until(() -> RuntimeFixtures.pxds(k, ns, name), readyIs("True", "Created"));
        }
      }
      Map<String, String> ids = ids(k, ns);
      int creates = sim.callCount("CreatePolarDBDataSource");

      kube.server().apply(RealKubernetes.yamlFiles(KubeApi.CRDS));
      try (TestOperator after = operator.start()) {
        RuntimeFixtures.create(k, ns, "added-after", "cn-anhui");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> RuntimeFixtures.pxds(k, ns, "added-after"), readyIs("True", "Created"));
        for (String name : NAMES) {
          assertThat(RuntimeFixtures.pxds(k, ns, name)).hasReady("True", "Created");
        }
        assertThat(ids(k, ns)).containsAllEntriesOf(ids);
        assertThat(sim.callCount("CreatePolarDBDataSource")).as("only the added one")
            .isEqualTo(creates + 1);
        PolarDBXDataSource old = k.resources(PolarDBXDataSource.class).inNamespace(ns)
            .withName("orders").get();
        assertThat(old.getSpec().getConnectionRef()).isNull();
        assertThat(old.getSpec().getManagementPolicy()).isEqualTo(ManagementPolicy.Manage);
        assertThat(old.getStatus().getObservedGeneration())
            .isEqualTo(old.getMetadata().getGeneration());
      }
    }
  }

  private static Map<String, String> ids(io.fabric8.kubernetes.client.KubernetesClient k,
      String ns) {
    return k.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().stream()
        .filter(r -> r.getStatus() != null && r.getStatus().getDataSourceId() != null)
        .collect(Collectors.toMap(r -> r.getMetadata().getName(),
            r -> r.getStatus().getDataSourceId()));
  }
}
