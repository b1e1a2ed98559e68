package io.datasource.oms.runtime;

import static io.datasource.oms.runtime.RuntimeFixtures.create;
import static io.datasource.oms.runtime.RuntimeFixtures.get;
import static io.datasource.oms.runtime.RuntimeFixtures.pxds;
import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.config.LeaseTimings;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two operator processes (in one JVM, each with its own client) on one real API server and one
 * OMS; the Lease is a real coordination.k8s.io Lease in a namespace of its own.
 */
class LeaderElectionIT {

  private static final String LEASE = "oms-datasource-operator";
  private static final LeaseTimings SHORT =
      new LeaseTimings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(500));

  private final KubeApi kube = KubeApi.shared();
  private String leaseNamespace;
  private String ns;
  private OmsSimulator oms;
  private final List<OperatorRuntime> runtimes = new ArrayList<>();
  private final AtomicInteger leadershipLost = new AtomicInteger();
  private TestOperator deployment;

  @BeforeEach
  void start(TestInfo test) {
    leaseNamespace = kube.namespace("operators");
    ns = kube.namespace(test.getTestMethod().orElseThrow().getName());
    oms = RuntimeFixtures.simulator();
    // One namespace: other test classes share the server.
    deployment = RuntimeFixtures.operator(kube, oms).leaderElection(leaseNamespace).watching(ns)
        .leaseTimings(SHORT).onLeadershipLost(leadershipLost::incrementAndGet).build();
  }

  @AfterEach
  void stop() {
    try {
      if (runtimes.stream().anyMatch(OperatorRuntime::isLeader)) {
        ItEnv.cleanUp(kube.admin(), ns);
      }
    } finally {
      deployment.close();
      oms.close();
    }
  }

  private OperatorRuntime replica(String podName) {
    OperatorRuntime runtime = deployment.start(podName);
    runtimes.add(runtime);
    return runtime;
  }

  private String leaseHolder() {
    Lease lease = kube.admin().leases().inNamespace(leaseNamespace).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static double omsCalls(OperatorRuntime runtime) {
    return runtime.registry().find("oms.calls").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @Test
  void exactlyOneReconcilesAndTheStandbyTakesOverWithoutCreatingTwice() {
    OperatorRuntime a = replica("operator-a");
    OperatorRuntime b = replica("operator-b");

    await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
    OperatorRuntime leader = a.isLeader() ? a : b;
    OperatorRuntime standby = leader == a ? b : a;
    assertThat(standby.isLeader()).isFalse();
    assertThat(leaseHolder()).isEqualTo(leader.identity());
    // Both are ready: the standby's informers are synced, so it can take over at once.
    assertThat(get(standby.endpoints().healthUrl(), "/readyz").body()).contains("standby");
    assertThat(get(leader.endpoints().healthUrl(), "/readyz").body()).contains("leader");

    KubernetesClient client = kube.admin();
    create(client, ns, "first", "cn-anhui");
    create(client, ns, "second", "cn-anhui");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(pxds(client, ns, "first")).hasReady("True", "Created");
      assertThat(pxds(client, ns, "second")).hasReady("True", "Created");
    });
    assertThat(oms.callCount("CreatePolarDBDataSource")).isEqualTo(2);
    assertThat(omsCalls(leader)).isPositive();
    assertThat(omsCalls(standby)).isZero();

    long stopAt = System.nanoTime();
    leader.stop();
    // The lease was released on stop: the standby need not wait for it to expire.
    await().atMost(Duration.ofSeconds(10)).until(standby::isLeader);
    long takeoverMillis = (System.nanoTime() - stopAt) / 1_000_000;
    assertThat(leaseHolder()).isEqualTo(standby.identity());
    // Sooner than the lease could have expired: the stopped leader released it.
    assertThat(takeoverMillis).isLessThan(SHORT.leaseDuration().toMillis());

    create(client, ns, "third", "cn-anhui");
    await().atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(pxds(client, ns, "third")).hasReady("True", "Created"));

    assertThat(oms.callCount("CreatePolarDBDataSource")).isEqualTo(3);
    assertThat(oms.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactlyInAnyOrder("first", "second", "third");
    assertThat(leadershipLost).hasValue(0);
    System.out.printf("takeover after the leader stopped: %d ms%n", takeoverMillis);
  }

  @Test
  void aLeaderThatLosesItsLeaseWithoutBeingStoppedGivesUpLeading() {
    OperatorRuntime only = replica("operator-a");
    await().atMost(Duration.ofSeconds(30)).until(only::isLeader);

    // Another process (or a partition that let the lease expire) now holds the Lease.
    // The edit may race with a renewal (409 Conflict): try again until it lands.
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      kube.admin().leases().inNamespace(leaseNamespace).withName(LEASE)
          .edit(lease -> {
            lease.getSpec().setHolderIdentity("intruder");
            lease.getSpec().setLeaseDurationSeconds(60);
            lease.getSpec().setRenewTime(java.time.ZonedDateTime.now());
            return lease;
          });
      return true;
    });

    // After the renew deadline the replica stops leading and asks to be stopped (OperatorMain
    // exits): it must not go on reconciling next to the new holder.
    await().atMost(Duration.ofSeconds(20)).until(() -> leadershipLost.get() == 1);
    assertThat(only.isLeader()).isFalse();
    assertThat(leaseHolder()).isEqualTo("intruder");
  }
}
