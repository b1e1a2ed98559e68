package io.datasource.oms.runtime;

import static io.datasource.oms.runtime.RuntimeFixtures.create;
import static io.datasource.oms.runtime.RuntimeFixtures.get;
import static io.datasource.oms.runtime.RuntimeFixtures.pxds;
import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The real operator on the real API server and the OMS simulator, scraped over HTTP. */
class MetricsIT {

  private final KubeApi kube = KubeApi.shared();
  private String ns;
  private OmsSimulator oms;
  private TestOperator operator;
  private OperatorRuntime runtime;
  private final AtomicBoolean leadershipLost = new AtomicBoolean();

  @BeforeEach
  void start(TestInfo test) {
    ns = kube.namespace(test.getTestMethod().orElseThrow().getName());
    oms = RuntimeFixtures.simulator();
    // One namespace: the server is shared with other test classes, whose resources would
    // otherwise count in the gauges.
    operator = RuntimeFixtures.operator(kube, oms).watching(ns)
        .onLeadershipLost(() -> leadershipLost.set(true)).start();
    runtime = operator.current();
  }

  @AfterEach
  void stop() {
    try {
      ItEnv.cleanUp(kube.admin(), ns);
    } finally {
      operator.close();
      oms.close();
    }
  }

  @Test
  void metricsHoldOmsCallsTheReadyGaugeAndSdkMetricsAfterAReconcile() {
    KubernetesClient client = kube.admin();
    create(client, ns, "orders", "cn-anhui");
    create(client, ns, "bad-region", "cn-nowhere");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(pxds(client, ns, "orders")).hasReady("True", "Created");
      assertThat(pxds(client, ns, "bad-region")).hasReady("False", "Rejected");
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var metrics = get(runtime.endpoints().metricsUrl(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("oms_calls_total{action=\"CreatePolarDBDataSource\",outcome=\"success\"} 1.0")
          .contains("oms_calls_total{action=\"CreatePolarDBDataSource\",outcome=\"rejected\"}")
          .containsPattern("oms_calls_total\\{action=\"ListDataSource\",outcome=\"success\"\\}"
              + " [1-9]")
          .contains("oms_call_duration_seconds_bucket{action=\"CreatePolarDBDataSource\",le=\"")
          .contains("pxds_resources{ready=\"True\",reason=\"Created\"} 1.0")
          .contains("pxds_resources{ready=\"False\",reason=\"Rejected\"} 1.0")
          .contains("oms_operator_leader 1.0")
          // JOSDK's own reconcile metrics, from micrometer-support.
          .containsPattern("operator_sdk_reconciliations_(started|executions)");
    });
    // Exactly the two creates reached OMS: the counter matches the simulator.
    assertThat(oms.callCount("CreatePolarDBDataSource")).isEqualTo(2);
  }

  @Test
  void probesReportLiveAndReadyOnceInformersSynced() {
    assertThat(get(runtime.endpoints().healthUrl(), "/healthz").statusCode()).isEqualTo(200);
    var ready = get(runtime.endpoints().healthUrl(), "/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    runtime.stop();
    assertThat(leadershipLost).isFalse();
  }
}
