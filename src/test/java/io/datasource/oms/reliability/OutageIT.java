package io.datasource.oms.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, part 3: OMS down for "an hour", scaled down. Production defaults retry after 5s,
 * doubling up to 5m: an hour is 12 caps, and the cap is 60 bases. Here the base is 50ms and the
 * cap 3s (60 bases), and the outage lasts 36s (12 caps).
 */
class OutageIT {

  static final int RESOURCES = 20;
  static final Duration BASE = Duration.ofMillis(50);
  static final Duration CAP = Duration.ofSeconds(3);
  static final Duration OUTAGE = CAP.multipliedBy(12);
  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-Outage-pw-do-not-leak";

  ItEnv env;
  String ns;
  TestOperator operator;
  AutoCloseable trace;

  @BeforeEach
  void start() {
    env = new ItEnv();
    trace = env.traceProjectLoggers();
    ns = env.namespace("outage");
    env.sim.credentials(OMS_USER, OMS_PASSWORD);
    operator = TestOperator.on(env.kube).oms(env.sim, OMS_USER, OMS_PASSWORD).watching(ns)
        .leaderElection(ns)
        .env("RETRY_BASE_DELAY", BASE.toMillis() + "ms", "RETRY_MAX_DELAY", CAP.toMillis() + "ms",
            "OMS_RATE_LIMIT", "200", "RECONCILE_CONCURRENCY", "10")
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    env.sim.faults().clear();
    try {
      // Nothing left for an operator of another test class that watches all namespaces.
      env.cleanUp(ns);
    } finally {
      operator.close();
    }
    trace.close();
    env.close();
  }

  /**
   * The bound: after the n-th consecutive failure the next attempt waits at least half of
   * min(cap, base * 2^(n-1)) (equal jitter). The delays double from base until they reach the
   * cap after r = ceil(log2(cap / base)) + 1 failures; from then on each is at least cap / 2.
   * So an outage of length T allows at most 1 + r + T / (cap / 2) attempts, and each attempt
   * makes one call while OMS answers nothing (the lookup fails before any create). Each delay is
   * at most the cap, so there are at least T / cap attempts: the operator kept trying.
   */
  static long maxCallsPerResource(Duration base, Duration cap, Duration outage) {
    long r = (long) Math.ceil(Math.log((double) cap.toMillis() / base.toMillis()) / Math.log(2))
        + 1;
    return 1 + r + outage.toMillis() / (cap.toMillis() / 2);
  }

  @Test
  void callsStayWithinTheBackoffBoundStatusIsWrittenOnceAndAllAreReadyOneCapAfterOmsReturns()
      throws Exception {
    env.sim.faults().unavailable(true);
    long t0 = System.nanoTime();
    for (int i = 0; i < RESOURCES; i++) {
      env.createWithSecrets(Fixtures.resource(ns, name(i)));
    }
    // Once each resource reports the outage, its status must not change again until OMS returns.
    await().atMost(Duration.ofSeconds(30)).until(() -> list().stream().allMatch(r ->
        reason(r).equals(ReadyReason.OMS_UNAVAILABLE)));
    Map<String, String> versions = versions();
    // For the rest of the outage, checked every second: no resourceVersion moves.
    Duration remaining = Duration.ofNanos(Math.max(1_000_000_000L,
        OUTAGE.toNanos() - (System.nanoTime() - t0)));
    await().during(remaining).atMost(remaining.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(1)).until(() -> versions().equals(versions));
    Duration outage = Duration.ofNanos(System.nanoTime() - t0);

    long max = maxCallsPerResource(BASE, CAP, outage);
    long min = outage.toMillis() / CAP.toMillis();
    Map<String, Long> calls = new HashMap<>();
    for (int i = 0; i < RESOURCES; i++) {
      calls.put(name(i), env.calls("", name(i)));
    }
    assertThat(calls.values()).allSatisfy(c -> assertThat(c).isBetween(min, max));

    env.sim.faults().unavailable(false);
    long back = System.nanoTime();
    await().atMost(CAP.plusSeconds(3)).pollInterval(Duration.ofMillis(100))
        .until(() -> list().stream().allMatch(r -> reason(r).equals(ReadyReason.CREATED)));
    double readyAfter = (System.nanoTime() - back) / 1e9;
    assertThat(env.sim.dataSources()).hasSize(RESOURCES);
    env.assertNoSecretLeaked(List.of(OMS_PASSWORD, Fixtures.DB_PASSWORD, Fixtures.AK_SECRET));
    System.out.printf("OutageIT summary: resources=%d base=%dms cap=%dms outage=%.1fs"
            + " callsPerResource min=%d max=%d (bound %d..%d) allReadyAfterReturn=%.2fs"
            + " (cap %.1fs) statusWritesDuringOutage=0%n", RESOURCES, BASE.toMillis(),
        CAP.toMillis(), outage.toMillis() / 1e3,
        calls.values().stream().mapToLong(Long::longValue).min().orElse(0),
        calls.values().stream().mapToLong(Long::longValue).max().orElse(0), min, max,
        readyAfter, CAP.toMillis() / 1e3);
  }

  static String name(int i) {
    return "outage-" + i;
  }

  List<PolarDBXDataSource> list() {
    return env.client.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems();
  }

  static String reason(PolarDBXDataSource r) {
    Condition c = ConditionAssertions.ready(r);
    return c == null ? "" : c.getReason();
  }

  Map<String, String> versions() {
    return list().stream().collect(Collectors.toMap(r -> r.getMetadata().getName(),
        r -> r.getMetadata().getResourceVersion()));
  }
}
