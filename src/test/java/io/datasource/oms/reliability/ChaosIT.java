package io.datasource.oms.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, part 1: N resources applied at once while the simulator fails about 30% of all calls
 * (HTTP 500, 503, 429, answers slower than the request timeout, creates committed and then the
 * connection dropped), the operator is killed and replaced five times at seeded moments, another
 * writer changes the resources' status (so the operator's status writes meet HTTP 409) and the
 * shared AccessKey Secret is rotated. Then every resource is deleted, faults going on, with one
 * more kill. {@code -Dchaos.resources=N} (default 200, also in CI: about a minute here) and
 * {@code -Dchaos.seed=...} (printed by every run) replay a run; see docs/RELIABILITY.md.
 */
class ChaosIT {

  static final int N = Integer.getInteger("chaos.resources", 200);
  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-Chaos-pw-do-not-leak";
  static final String DB_PASSWORD = "db-Chaos-pw-do-not-leak";
  static final String AK_ID = "LTAI-chaos-first";
  static final String AK_SECRET = "ak-Chaos-first-do-not-leak";
  static final String AK_ID_ROTATED = "LTAI-chaos-rotated";
  static final String AK_SECRET_ROTATED = "ak-Chaos-rotated-do-not-leak";
  static final List<Fault> FAULTS = List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_429,
      Fault.SLOW_ANSWER, Fault.COMMIT_THEN_DROP);

  ItEnv env;
  String ns;
  TestOperator operator;
  AutoCloseable trace;

  @BeforeEach
  void start() {
    env = new ItEnv();
    trace = env.traceProjectLoggers();
    ns = env.namespace("chaos");
    env.sim.credentials(OMS_USER, OMS_PASSWORD);
    operator = TestOperator.on(env.kube).oms(env.sim, OMS_USER, OMS_PASSWORD).watching(ns)
        .leaderElection(ns)
        .env("RETRY_BASE_DELAY", "200ms", "RETRY_MAX_DELAY", "2s", "SLOW_RETRY_DELAY", "3s",
            "OMS_CONNECT_TIMEOUT", "1s", "OMS_REQUEST_TIMEOUT", "1s",
            "OMS_RATE_LIMIT", "100", "RECONCILE_CONCURRENCY", "20")
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    env.sim.onCall(null);
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

  @Test
  void rolloutAndDeletionUnderFaultsAndKillsLeaveExactlyOneDataSourcePerResource()
      throws Exception {
    long seed = Long.getLong("chaos.seed", new SecureRandom().nextLong());
    System.out.printf("ChaosIT: resources=%d seed=%d (replay: -Dchaos.resources=%d"
        + " -Dchaos.seed=%d)%n", N, seed, N, seed);
    Random random = new Random(seed);
    env.sim.faults().slowAnswerDelay(Duration.ofMillis(1500)).failMixed(0.3, seed, FAULTS);
    operator.start();

    // Another writer changes the status of a resource while its create is in flight (a quarter
    // of the creates, seeded): the operator's status write after the create meets HTTP 409.
    AtomicInteger foreignWrites = new AtomicInteger();
    AtomicInteger foreignConflicts = new AtomicInteger();
    Random writerRandom = new Random(seed + 1);
    env.sim.onCall((action, body) -> {
      if (action != null && action.startsWith("Create") && draw(writerRandom, 0.25)) {
        writeForeignCondition(nameIn(body), foreignWrites, foreignConflicts);
      }
    });

    long t0 = System.nanoTime();
    env.client.resource(Fixtures.secret(ns, "shared-ak",
        Map.of("accessKeyId", AK_ID, "accessKeySecret", AK_SECRET))).create();
    // Applied at once, as kubectl apply -f of a directory would, from eight client threads.
    ExecutorService appliers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> applied = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        int n = i;
        applied.add(appliers.submit(() -> {
          env.client.resource(Fixtures.dbSecret(ns, name(n) + "-db", DB_PASSWORD)).create();
          PolarDBXDataSource r = Fixtures.resource(ns, name(n));
          r.getSpec().getAccessKeySecretRef().setName("shared-ak");
          env.client.resource(r).create();
        }));
      }
      for (Future<?> f : applied) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      appliers.shutdownNow();
    }

    // The moments: when this many resources are Ready (seeded), kill the operator and start a
    // new one; rotate the shared AccessKey Secret at another such moment.
    List<Integer> kills = moments(random, 5, (int) (N * 0.8));
    int rotateAt = 1 + random.nextInt((int) (N * 0.6));
    boolean rotated = false;
    for (int k : kills) {
      if (!rotated && rotateAt <= k) {
        awaitReadyCount(rotateAt);
        rotateSharedSecret();
        rotated = true;
      }
      awaitReadyCount(k);
      awaitLeading();
      operator.restart();
    }
    if (!rotated) {
      awaitReadyCount(rotateAt);
      rotateSharedSecret();
    }
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
        .until(() -> readyCount() == N);
    double converge = (System.nanoTime() - t0) / 1e9;
    env.sim.onCall(null);
    int rolloutCalls = env.sim.totalCalls();
    Map<Fault, Integer> rolloutFaults = env.sim.faults().injected();

    // Invariants of the rollout. Ready is not the end: a status write that met a 409 is retried,
    // so UpToDate may still be settling; wait for the invariants rather than sample them once.
    RolloutCheck check = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptionsInstanceOf(AssertionError.class).until(this::rolloutInvariants, c -> true);
    List<PolarDBXDataSource> all = check.resources();
    assertThat(foreignWrites.get()).as("status writes by the other writer").isPositive();
    // The scenario needs the operator's status writes to have met 409s (JOSDK logs each).
    int operatorConflicts = env.logLines(l -> l.contains("the object has been modified")
        && l.contains("/status")).size();
    assertThat(operatorConflicts).as("operator status writes that met a 409").isPositive();
    env.assertNoSecretLeaked(secrets());

    // Deletion, faults going on, one more kill.
    long d0 = System.nanoTime();
    for (PolarDBXDataSource r : all) {
      env.pxds(ns, r.getMetadata().getName()).delete();
    }
    int killAtRemaining = N / 4 + random.nextInt(N / 2);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> env.sim.dataSources().size() <= killAtRemaining);
    awaitLeading();
    operator.restart();
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
        .until(() -> list().isEmpty());
    double deleteSeconds = (System.nanoTime() - d0) / 1e9;
    assertThat(env.sim.dataSources()).as("data sources left in OMS").isEmpty();
    env.assertNoSecretLeaked(secrets());

    Map<Fault, Integer> faults = new TreeMap<>(env.sim.faults().injected());
    int faultCount = faults.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("ChaosIT summary: resources=%d seed=%d restarts=%d (+1 during deletion)"
            + " faults=%d of %d calls %s dataSourcesAfterRollout=%d duplicates=%d orphans=%d"
            + " unknownIds=%d leftoverIntents=%d leaks=0 omsCallsPerResource=%.1f"
            + " (rollout %.1f) rolloutFaults=%s converge=%.1fs delete=%.1fs"
            + " foreignStatusWrites=%d (their own 409s %d) operatorStatus409s=%d"
            + " leftInOms=%d finalizersLeft=0%n",
        N, seed, kills.size(), faultCount, env.sim.totalCalls(), faults, check.inOms(),
        check.duplicates(), check.orphans(), check.unknownIds(), check.intents(),
        env.sim.totalCalls() / (double) N,
        rolloutCalls / (double) N, new TreeMap<>(rolloutFaults), converge, deleteSeconds,
        foreignWrites.get(), foreignConflicts.get(), operatorConflicts,
        env.sim.dataSources().size());
  }

  record RolloutCheck(List<PolarDBXDataSource> resources, int inOms, long duplicates,
      long unknownIds, long orphans, long intents) {}

  /** Every resource Ready, exactly one data source each, UpToDate telling the rotation apart. */
  RolloutCheck rolloutInvariants() {
    List<PolarDBXDataSource> all = list();
    Map<String, SimulatedDataSource> inOms = env.sim.dataSources().stream()
        .collect(Collectors.toMap(SimulatedDataSource::id, Function.identity()));
    Map<String, Long> idUses = all.stream().map(r -> r.getStatus().getDataSourceId())
        .collect(Collectors.groupingBy(String::valueOf, Collectors.counting()));
    long duplicates = idUses.values().stream().filter(c -> c > 1).count();
    long unknownIds = idUses.keySet().stream().filter(id -> !inOms.containsKey(id)).count();
    long orphans = inOms.keySet().stream().filter(id -> !idUses.containsKey(id)).count();
    // Intents live in the annotation (open until status.settledIntent names them) or, as earlier
    // versions wrote them, in status.createIntent: none may be left open once all is Ready.
    long intents = all.stream().filter(r -> ItEnv.openIntent(r) != null).count();
    assertThat(all).hasSize(N).allSatisfy(r ->
        ConditionAssertions.assertThat(r).ready().hasStatus("True"));
    assertThat(inOms).hasSize(N);
    assertThat(duplicates).as("IDs held by two statuses").isZero();
    assertThat(unknownIds).as("status IDs OMS does not have").isZero();
    assertThat(orphans).as("data sources no status holds").isZero();
    assertThat(intents).as("leftover create intents").isZero();
    for (PolarDBXDataSource r : all) {
      // Created with the rotated AccessKey exactly when UpToDate says in sync.
      SimulatedDataSource ds = inOms.get(r.getStatus().getDataSourceId());
      assertThat(ds.name()).isEqualTo(r.getMetadata().getName());
      String upToDate = ConditionAssertions.condition(r, Conditions.UP_TO_DATE).getReason();
      assertThat(upToDate).as(r.getMetadata().getName()).isEqualTo(
          AK_ID_ROTATED.equals(ds.accessKeyId())
              ? Conditions.UpToDateReason.IN_SYNC
              : Conditions.UpToDateReason.CREDENTIALS_CHANGED);
    }
    return new RolloutCheck(all, inOms.size(), duplicates, unknownIds, orphans, intents);
  }

  static String name(int i) {
    return String.format("chaos-%03d", i);
  }

  /** {@code count} sorted thresholds in [0, max]. */
  static List<Integer> moments(Random random, int count, int max) {
    List<Integer> m = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      m.add(random.nextInt(max + 1));
    }
    m.sort(Integer::compare);
    return m;
  }

  List<String> secrets() {
    return List.of(OMS_PASSWORD, DB_PASSWORD, AK_SECRET, AK_SECRET_ROTATED);
  }

  List<PolarDBXDataSource> list() {
    return env.client.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems();
  }

  long readyCount() {
    return list().stream().filter(ConditionAssertions.readyIs("True")).count();
  }

  void awaitReadyCount(int count) {
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
        .until(() -> readyCount() >= count);
  }

  /** Kills hit a process that reconciles, not a standby still waiting for the Lease. */
  void awaitLeading() {
    await().atMost(Duration.ofSeconds(30)).until(() -> operator.current().isLeader());
  }

  void rotateSharedSecret() {
    env.client.resource(Fixtures.secret(ns, "shared-ak", Map.of("accessKeyId", AK_ID_ROTATED,
        "accessKeySecret", AK_SECRET_ROTATED))).update();
  }

  static synchronized boolean draw(Random random, double p) {
    return random.nextDouble() < p;
  }

  static String nameIn(String body) {
    try {
      return new ObjectMapper().readTree(body).path("name").asText();
    } catch (Exception e) {
      return "";
    }
  }

  /**
   * Another controller's condition on the resource: a status write with optimistic locking, so
   * that the operator's next write, from the copy it holds, carries an outdated resourceVersion.
   */
  void writeForeignCondition(String name, AtomicInteger writes, AtomicInteger conflicts) {
    try {
      PolarDBXDataSource r = env.pxds(ns, name).get();
      if (r == null) {
        return;
      }
      if (r.getStatus() == null) {
        // A first create: the intent is in the annotation and status is not written yet.
        r.setStatus(new PolarDBXDataSourceStatus());
      }
      List<Condition> conditions = new ArrayList<>(r.getStatus().getConditions());
      conditions.removeIf(c -> "example.com/Probe".equals(c.getType()));
      conditions.add(new ConditionBuilder().withType("example.com/Probe").withStatus("True")
          .withReason("Probed").withMessage("probe " + writes.get())
          .withLastTransitionTime("2026-01-01T00:00:00Z").build());
      r.getStatus().setConditions(conditions);
      env.client.resource(r).updateStatus();
      writes.incrementAndGet();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        conflicts.incrementAndGet();
      }
    } catch (RuntimeException e) {
      // the writer must keep going; the assertions do not depend on any single write
    }
  }
}
