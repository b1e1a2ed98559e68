package io.datasource.oms.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OperatorRuntime#halt()}, the chaos suite's "killed pod": unlike {@code stop()} it keeps
 * the Lease, so a successor leads only once the Lease has expired.
 */
class HaltIT {

  ItEnv env;
  String ns;
  TestOperator operators;

  @BeforeEach
  void start() {
    env = new ItEnv();
    ns = env.namespace("halt");
    operators = TestOperator.on(env.kube).oms(env.sim, "u", "p").watching(ns)
        .leaderElection(ns).build();
  }

  @AfterEach
  void stop() {
    operators.close();
    env.close();
  }

  String holder() {
    Lease lease = env.client.leases().inNamespace(ns).withName("oms-datasource-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void aHaltedLeaderKeepsItsLeaseUntilItExpiresAndItsClientIsClosed() {
    OperatorRuntime first = operators.start();
    await().atMost(Duration.ofSeconds(20)).until(first::isLeader);
    assertThat(holder()).isEqualTo(first.identity());

    operators.kill();
    long killedAt = System.nanoTime();
    assertThat(first.isLeader()).isFalse();
    assertThat(holder()).as("not released").isEqualTo(first.identity());
    // The endpoints are gone, as with a dead process.
    assertThat(catchThrowable(() -> java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(first.endpoints().healthUrl().resolve("/healthz"))
            .timeout(Duration.ofSeconds(2)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()))).isNotNull();

    OperatorRuntime second = operators.start();
    await().atMost(Duration.ofSeconds(20)).until(second::isLeader);
    long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
    assertThat(holder()).isEqualTo(second.identity());
    // The successor had to wait for the kept Lease to expire: at least the lease duration after
    // its last renewal, which came at most one retry period before the kill.
    assertThat(takeoverMillis).isGreaterThanOrEqualTo(
        TestOperator.SHORT_LEASE.leaseDuration()
            .minus(TestOperator.SHORT_LEASE.retryPeriod()).toMillis());
    System.out.printf("takeover after a halt (lease %s kept): %d ms%n",
        TestOperator.SHORT_LEASE.leaseDuration(), takeoverMillis);
  }
}
