package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static io.datasource.oms.testing.ConditionAssertions.readyReasonIs;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.UpdatePolicy;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.RecordedRequest;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OMS inventory with the operator as production builds it ({@link OperatorRuntime}), on a real
 * API server and the simulator. Two operators split the resources by label: {@code main} (no
 * label {@code drift}; a listing serves creates for 30 s, no periodic sync during the test, no
 * rate limit to speak of, so that the rollout shows the happy path) and
 * {@code drift} (label {@code drift}; lists before every create, syncs every 2 s).
 */
class InventoryIT {

  static final Duration SYNC = Duration.ofSeconds(2);
  static ItEnv env;
  static TestOperator mainOperator;
  static TestOperator driftOperator;
  static OperatorRuntime main;
  static OperatorRuntime drift;

  @BeforeAll
  static void start() {
    env = new ItEnv();
    mainOperator = operator("LABEL_SELECTOR", "!drift", "OMS_SYNC_INTERVAL", "1h",
        "OMS_INVENTORY_MAX_AGE", "30s", "RECONCILE_CONCURRENCY", "10", "OMS_RATE_LIMIT", "1000");
    main = mainOperator.current();
    driftOperator = operator("LABEL_SELECTOR", "drift", "OMS_SYNC_INTERVAL", SYNC.toMillis() + "ms",
        "OMS_INVENTORY_MAX_AGE", "0s");
    drift = driftOperator.current();
  }

  static TestOperator operator(String... pairs) {
    return TestOperator.on(env.kube).oms(env.sim).quickRetries()
        .env("OMS_REQUEST_TIMEOUT", "3s", "SLOW_RETRY_DELAY", "2s", "SHUTDOWN_TIMEOUT", "5s")
        .env(pairs).start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      mainOperator.close();
      driftOperator.close();
      env.close();
    }
  }

  @AfterEach
  void noFaultsLeft() {
    env.sim.faults().clear();
  }

  static PolarDBXDataSource onDriftShard(PolarDBXDataSource r) {
    r.getMetadata().setLabels(Map.of("drift", "yes"));
    return r;
  }

  static List<RecordedRequest> requests(Predicate<RecordedRequest> filter) {
    return env.sim.recentRequests().stream().filter(filter).toList();
  }

  static boolean isListingOfAll(RecordedRequest q) {
    return OmsSimulator.LIST_ACTION.equals(q.action()) && !q.body().contains("searchKey");
  }

  static boolean isCreate(RecordedRequest q) {
    return q.action() != null && q.action().startsWith("Create");
  }

  static SimulatedDataSource inOms(String name) {
    return env.sim.findByName(name).orElseThrow();
  }

  @Test
  void aRolloutCostsOneCreatePerDataSourcePlusTheSharedPages() {
    String ns = env.namespace("rollout");
    int n = 200;
    env.sim.reset();
    for (int i = 0; i < n; i++) {
      env.createWithSecrets(resource(ns, "ds-" + i));
    }
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
        env.client.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().stream()
            .filter(readyIs("True")).count() == n);

    long creates = requests(InventoryIT::isCreate).size();
    long pages = requests(InventoryIT::isListingOfAll).size();
    long lookups = env.sim.callCount(OmsSimulator.LIST_ACTION) - pages;
    System.out.printf("inventory rollout: %d data sources, %d creates, %d listing pages,"
        + " %d lookups by name: %.3f OMS calls per created data source%n",
        n, creates, pages, lookups, env.sim.totalCalls() / (double) n);
    assertThat(env.sim.dataSources()).hasSize(n);
    assertThat(creates).isEqualTo(n);
    assertThat(lookups).as("no lookup by name on the happy path").isZero();
    assertThat(env.sim.totalCalls()).isEqualTo(creates + pages);
    assertThat(pages).as("listings are shared, not one per resource").isLessThan(n / 10);
    env.cleanUp(ns);
  }

  @Test
  void aCrashAfterCreateStillYieldsOneDataSource() {
    String ns = env.namespace("lost-answer");
    env.sim.faults().failNext(1, Fault.COMMIT_THEN_DROP, createAction());
    env.createWithSecrets(resource(ns, "lost"));

    PolarDBXDataSource r = env.awaitReady(ns, "lost", "True", ReadyReason.CREATED);
    assertThat(r).ready().hasMessageContaining("found by name");
    assertThat(r.getStatus().getDataSourceId()).isEqualTo(inOms("lost").id());
    assertThat(env.creates("lost")).isEqualTo(1);
    assertThat(env.calls("List", "lost")).as("the intent got a targeted lookup").isPositive();
    assertThat(r.getStatus().getCreateIntent()).isNull();
    assertThat(ItEnv.openIntent(r)).isNull();
    env.cleanUp(ns);
  }

  @Test
  void aNameTakenAfterTheListingEndsAsNameConflict() {
    String ns = env.namespace("taken");
    env.createWithSecrets(resource(ns, "warm-up"));
    env.awaitReady(ns, "warm-up", "True", ReadyReason.CREATED);
    String existing = env.sim.addExisting("taken-later", Fixtures.REGION);

    env.createWithSecrets(resource(ns, "taken-later"));

    PolarDBXDataSource r = env.awaitReady(ns, "taken-later", "False", ReadyReason.NAME_CONFLICT);
    assertThat(r).ready().hasMessageContaining(existing);
    assertThat(env.creates("taken-later")).as("the listing did not know the name").isEqualTo(1);
    assertThat(env.calls("List", "taken-later")).as("the refused create was looked up").isOne();
    assertThat(env.sim.dataSources()).filteredOn(d -> d.name().equals("taken-later"))
        .singleElement().extracting(SimulatedDataSource::id).isEqualTo(existing);
    env.cleanUp(ns);
  }

  @Test
  void aFailingListingFallsBackToTheTargetedLookupAndNeverCreatesBlind() {
    String ns = env.namespace("listing-fails");
    env.sim.faults().failNext(10_000, Fault.HTTP_500, OmsSimulator.LISTING_ALL);
    env.createWithSecrets(onDriftShard(resource(ns, "fallback")));
    env.awaitReady(ns, "fallback", "True", ReadyReason.CREATED);
    assertThat(env.calls("List", "fallback")).isOne();
    assertThat(env.creates("fallback")).isOne();

    env.sim.faults().clear().failNext(10_000, Fault.HTTP_500, OmsSimulator.LIST_ACTION);
    env.createWithSecrets(onDriftShard(resource(ns, "blind")));
    env.awaitReady(ns, "blind", "False", ReadyReason.OMS_UNAVAILABLE);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> env.creates("blind") == 0);

    env.sim.faults().clear();
    env.awaitReady(ns, "blind", "True", ReadyReason.CREATED);
    assertThat(env.creates("blind")).isOne();
    env.cleanUp(ns);
  }

  @Test
  void driftOfEachKindIsFoundWithinOneSyncInterval() {
    String ns = env.namespace("drift");
    for (String name : List.of("gone", "changed", "renamed", "steady")) {
      env.createWithSecrets(onDriftShard(resource(ns, name)));
    }
    Map<String, String> ids = new HashMap<>();
    for (String name : List.of("gone", "changed", "renamed", "steady")) {
      ids.put(name, env.awaitReady(ns, name, "True", ReadyReason.CREATED).getStatus()
          .getDataSourceId());
    }
    // Let one periodic listing see them all, then change OMS behind the operator's back.
    awaitListings(2);
    String steadyVersion = env.get(ns, "steady").getMetadata().getResourceVersion();
    env.sim.deleteBehindBack(ids.get("gone"));
    env.sim.changeBehindBack(ids.get("changed"), "cn-hangzhou", null, "edited in the console");
    env.sim.deleteBehindBack(ids.get("renamed"));
    String other = env.sim.addExisting("renamed", Fixtures.REGION);
    Map<String, Long> omsCallsBefore = callsNaming(List.of("gone", "changed", "renamed", "steady"));

    Duration bound = SYNC.multipliedBy(2).plusSeconds(10); // one interval, a reconcile, slack
    PolarDBXDataSource gone = await().atMost(bound).until(() -> env.get(ns, "gone"),
        readyReasonIs(ReadyReason.NOT_FOUND_IN_OMS));
    assertThat(gone).ready().hasStatus("False");
    assertThat(gone).ready().message().contains(ids.get("gone")).contains("Recreate");
    assertThat(gone.getStatus().getDataSourceId()).as("kept for reference")
        .isEqualTo(ids.get("gone"));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        !env.events(ns, ReadyReason.NOT_FOUND_IN_OMS).isEmpty());

    PolarDBXDataSource changed = env.awaitCondition(ns, "changed", Conditions.UP_TO_DATE, "False",
        UpToDateReason.CHANGED_IN_OMS);
    assertThat(changed).condition(Conditions.UP_TO_DATE).message().contains("region")
        .contains("cn-hangzhou").contains("description").doesNotContain(Fixtures.DB_USER);
    assertThat(changed).ready().hasStatus("True");

    PolarDBXDataSource renamed = env.awaitReady(ns, "renamed", "False",
        ReadyReason.NOT_FOUND_IN_OMS);
    assertThat(renamed).ready().message().contains(other).contains("not adopted");
    assertThat(renamed.getStatus().getDataSourceId()).isEqualTo(ids.get("renamed"));

    assertThat(env.get(ns, "steady").getMetadata().getResourceVersion())
        .as("an unchanged data source's resource is not written").isEqualTo(steadyVersion);
    assertThat(callsNaming(List.of("gone", "changed", "renamed", "steady")))
        .as("finding drift costs listings only: no create, lookup or delete of these")
        .isEqualTo(omsCallsBefore);

    // Deleting a resource whose data source is gone releases it without an OMS call.
    int deletes = env.sim.callCount(OmsSimulator.DELETE_ACTION);
    env.pxds(ns, "gone").delete();
    env.awaitGone(ns, "gone");
    assertThat(env.sim.callCount(OmsSimulator.DELETE_ACTION)).isEqualTo(deletes);
    env.cleanUp(ns);
  }

  @Test
  void aDeletedDataSourceIsCreatedAgainUnderRecreate() {
    String ns = env.namespace("recreate");
    PolarDBXDataSource r = onDriftShard(resource(ns, "phoenix"));
    r.getSpec().setUpdatePolicy(UpdatePolicy.Recreate);
    env.createWithSecrets(r);
    String oldId = env.awaitReady(ns, "phoenix", "True", ReadyReason.CREATED).getStatus()
        .getDataSourceId();
    awaitListings(2);

    env.sim.deleteBehindBack(oldId);

    PolarDBXDataSource back = await().atMost(SYNC.multipliedBy(2).plusSeconds(10))
        .until(() -> env.get(ns, "phoenix"), x -> x.getStatus().getDataSourceId() != null
            && !oldId.equals(x.getStatus().getDataSourceId())
            && readyIs("True").test(x));
    assertThat(back.getStatus().getDataSourceId()).isEqualTo(inOms("phoenix").id());
    assertThat(env.creates("phoenix")).isEqualTo(2);
    assertThat(env.sim.dataSources()).filteredOn(d -> d.name().equals("phoenix")).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        !env.events(ns, ReadyReason.NOT_FOUND_IN_OMS).isEmpty());
    env.cleanUp(ns);
  }

  @Test
  void twoShardedOperatorsEachKeepTheirOwnInventoryAndCreateNothingTwice() {
    String ns = env.namespace("shards");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      env.createWithSecrets(resource(ns, "main-" + i));
      env.createWithSecrets(onDriftShard(resource(ns, "drift-" + i)));
      names.add("main-" + i);
      names.add("drift-" + i);
    }
    for (String name : names) {
      env.awaitReady(ns, name, "True", ReadyReason.CREATED);
    }
    for (String name : names) {
      assertThat(env.creates(name)).as(name).isOne();
      assertThat(env.get(ns, name).getStatus().getDataSourceId()).isEqualTo(inOms(name).id());
    }
    assertThat(main.registry().scrape()).containsPattern(
        "oms_inventory_refreshes_total\\{outcome=\"success\"} [1-9]");
    assertThat(drift.registry().scrape()).containsPattern(
        "oms_inventory_refreshes_total\\{outcome=\"success\"} [1-9]");
    env.cleanUp(ns);
  }

  /** Waits until the drift shard has listed OMS {@code n} more times (all of them after now). */
  private static void awaitListings(int n) {
    double before = driftListings();
    await().atMost(SYNC.multipliedBy(n + 2).plusSeconds(10))
        .until(() -> driftListings() >= before + n);
  }

  /** Successful listings of the drift shard (the simulator only keeps its last 1000 requests). */
  private static double driftListings() {
    return drift.registry().get("oms.inventory.refreshes").tag("outcome", "success").counter()
        .count();
  }

  /** OMS calls (creates and lookups) whose body names each data source. */
  private static Map<String, Long> callsNaming(List<String> names) {
    Map<String, Long> calls = new HashMap<>();
    for (String name : names) {
      calls.put(name, env.creates(name) + env.calls("List", name));
    }
    return calls;
  }

  private static String createAction() {
    return "CreatePolarDBDataSource";
  }
}
