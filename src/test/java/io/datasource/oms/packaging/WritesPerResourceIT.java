package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.sandbox.AuditLog;
import io.datasource.oms.simulator.CreateSpelling;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a created resource costs, counted where it cannot be missed: the API server's audit log
 * (every Kubernetes request of the operator's identity) and the OMS simulator's call counts. The
 * benchmark ({@code bench}, docs/BENCHMARKS.md) reports the same figures at scale; this keeps them.
 */
class WritesPerResourceIT {

  private static final int RESOURCES = 6;
  private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete",
      "deletecollection");
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static RbacRun run;

  @BeforeAll
  static void start() {
    run = new RbacRun(Chart.withDefaults());
  }

  @AfterAll
  static void stop() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void aCreatedResourceCostsThreeWritesAndOneOmsCreateAndNothingAtRestWithOneInformerPerKind() {
    String ns = "writes";
    run.kube.server().ensureNamespace(ns);
    KubernetesClient k = run.kube.admin();
    OperatorPod pod = OperatorPod.start(run.kube, run.chart.deployment());
    try {
      for (int i = 0; i < RESOURCES; i++) {
        String name = "ds-" + i;
        k.resource(Fixtures.dbSecret(ns, name + "-db", Fixtures.DB_PASSWORD)).create();
        k.resource(Fixtures.akSecret(ns, name + "-ak")).create();
        k.resource(Fixtures.resource(ns, name)).create();
      }
      for (int i = 0; i < RESOURCES; i++) {
        RbacRun.awaitCondition(k, ns, "ds-" + i, Conditions.READY, "True");
      }
      // The Created Event follows the status write that makes the resource Ready.
      await().atMost(WAIT).until(() -> writes(pod.serviceAccount, ns)
          .getOrDefault("create events", 0) == RESOURCES);

      // Then nothing more: no write, no OMS call, for a while.
      Map<String, Integer> settled = writes(pod.serviceAccount, ns);
      int omsCalls = run.sim.totalCalls();
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
          .until(() -> writes(pod.serviceAccount, ns).equals(settled)
              && run.sim.totalCalls() == omsCalls);

      // Per resource (issue 13: at most 3): the finalizer and the create intent in one metadata
      // patch, the result in status, the Event.
      assertThat(settled).containsExactlyInAnyOrderEntriesOf(Map.of(
          "patch polardbxdatasources", RESOURCES,
          "update polardbxdatasources/status", RESOURCES,
          "create events", RESOURCES));
      assertThat(settled.values().stream().mapToInt(Integer::intValue).sum())
          .isLessThanOrEqualTo(3 * RESOURCES);
      // One OMS create each, and the listing shared by all of them (not one per resource).
      assertThat(run.sim.callCount(CreateSpelling.POLAR_ACTION)).isEqualTo(RESOURCES);
      assertThat(run.sim.callCount(OmsSimulator.LIST_ACTION)).isLessThan(RESOURCES);
      // One informer per kind: each lists its kind once at start (a second informer on the
      // resources, as before issue 13, listed them twice). Refused lists (a 429 while the
      // server settles) are retried, and not counted.
      assertThat(lists(pod.serviceAccount)).containsExactlyInAnyOrderEntriesOf(Map.of(
          "polardbxdatasources", 1, "secrets", 1));
      // Secrets: listed and watched as metadata; each referenced one read once (two per resource).
      assertThat(reads(pod.serviceAccount, ns, "secrets")).isEqualTo(2 * RESOURCES);
    } finally {
      pod.close();
    }
  }

  /** The operator's list requests that succeeded, by resource. */
  private static Map<String, Integer> lists(String user) {
    Map<String, Integer> counts = new TreeMap<>();
    for (AuditLog.Entry e : run.audit.entriesOf(user)) {
      if (e.call() != null && "list".equals(e.verb()) && e.code() == 200) {
        counts.merge(e.call().resource(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The operator's successful GETs of one resource type in this namespace. */
  private static long reads(String user, String ns, String resource) {
    return run.audit.entriesOf(user).stream()
        .filter(e -> e.call() != null && "get".equals(e.verb()) && e.code() == 200
            && ns.equals(e.call().namespace()) && resource.equals(e.call().resource()))
        .count();
  }

  /** The operator's writes in this namespace, by {@code "verb resource[/subresource]"}. */
  private static Map<String, Integer> writes(String user, String ns) {
    Map<String, Integer> counts = new TreeMap<>();
    List<AuditLog.Entry> entries = run.audit.entriesOf(user);
    for (AuditLog.Entry e : entries) {
      if (e.call() != null && ns.equals(e.call().namespace()) && WRITES.contains(e.verb())) {
        counts.merge(e.verb() + " " + e.call().resource(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
