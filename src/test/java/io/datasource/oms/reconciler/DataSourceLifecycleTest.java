package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.FakeOmsClient.CREATE;
import static io.datasource.oms.testing.FakeOmsClient.DELETE;
import static io.datasource.oms.testing.FakeOmsClient.LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.testing.FakeOmsClient;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decisions of one reconcile, against a hand-written OMS and in-memory ports. */
class DataSourceLifecycleTest {

  static final ReconcilerOptions OPTIONS = new ReconcilerOptions(DeletionPolicy.Delete,
      Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30),
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  FakeOmsClient oms;
  FakePorts ports;
  DataSourceLifecycle lifecycle;
  Inventory inventory;
  List<String> outcomes;

  @BeforeEach
  void setUp() {
    oms = new FakeOmsClient();
    ports = new FakePorts(() -> (int) oms.count(CREATE));
    ports.secret(secret(Fixtures.dbSecret("ns", "ds-db", Fixtures.DB_PASSWORD), "1"));
    ports.secret(secret(Fixtures.akSecret("ns", "ds-ak"), "1"));
    outcomes = new ArrayList<>();
    lifecycle = lifecycle(OPTIONS);
    ports.start(resource());
  }

  DataSourceLifecycle lifecycle(ReconcilerOptions options) {
    ReconcileObserver observer = new ReconcileObserver() {
      @Override
      public void outcome(String ns, String name, String ready, String reason, String requestId) {
        outcomes.add(ready + "/" + reason);
      }

      @Override
      public void forgotten(String ns, String name) {
        outcomes.add("forgotten");
      }
    };
    // A listing before every create: the lookups these tests count are the same as before the
    // inventory (InventoryTest covers the snapshot's reuse).
    inventory = new Inventory(oms, options.clock(), Duration.ZERO);
    return new DataSourceLifecycle(oms, inventory, options, observer,
        new FailureTable(options, () -> 0.5));
  }

  static PolarDBXDataSource resource() {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getMetadata().setUid("uid-1");
    r.getMetadata().setGeneration(1L);
    r.getMetadata().setResourceVersion("10");
    r.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    return r;
  }

  static Secret secret(Secret s, String version) {
    s.getMetadata().setUid("uid-" + s.getMetadata().getName());
    s.getMetadata().setResourceVersion(version);
    return s;
  }

  Outcome reconcile() {
    return lifecycle.reconcile(ports.latest, ports);
  }

  static Condition ready(PolarDBXDataSourceStatus s) {
    return StatusEditor.find(s, Conditions.READY);
  }

  @Test
  void persistsTheIntentBeforeCallingCreate() {
    reconcile();

    assertThat(ports.writes).hasSize(2);
    FakePorts.Write intent = ports.writes.get(0);
    assertThat(intent.omsCreateCallsBefore()).isZero();
    assertThat(intent.status().getCreateIntent().getOmsName()).isEqualTo("ds");
    assertThat(ready(intent.status()).getReason()).isEqualTo(ReadyReason.CREATING);

    PolarDBXDataSourceStatus done = ports.lastWritten();
    assertThat(done.getCreateIntent()).isNull();
    assertThat(done.getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
    assertThat(ready(done).getReason()).isEqualTo(ReadyReason.CREATED);
    assertThat(oms.calls()).containsExactly(LIST, CREATE);
    assertThat(outcomes).containsExactly("True/Created");
  }

  /** Created at the fixed clock's time, then a listing a second later. */
  InventoryTest.MovableClock createdThenListedLater() {
    InventoryTest.MovableClock clock = new InventoryTest.MovableClock();
    lifecycle = lifecycle(new ReconcilerOptions(OPTIONS.defaultDeletionPolicy(),
        OPTIONS.retryBaseDelay(), OPTIONS.retryMaxDelay(), OPTIONS.slowRetryDelay(), clock));
    reconcile();
    clock.advance(Duration.ofSeconds(1));
    return clock;
  }

  @Test
  void aDataSourceGoneFromOmsIsReportedKeptForReferenceAndReleasedWithoutACall() {
    InventoryTest.MovableClock clock = createdThenListedLater();
    String id = ports.lastWritten().getDataSourceId();
    oms.deleteDataSource(id); // in the OMS console
    inventory.refresh();
    int calls = oms.calls().size();

    Outcome outcome = reconcile();

    assertThat(outcome.label()).isEqualTo("not-found-in-oms");
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.NOT_FOUND_IN_OMS);
    assertThat(ready(ports.lastWritten()).getMessage()).contains(id);
    assertThat(ports.lastWritten().getDataSourceId()).isEqualTo(id);
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason)
        .contains(ReadyReason.NOT_FOUND_IN_OMS);

    // Reconciled again later (a resync): still gone, still reported, nothing rewritten.
    clock.advance(Duration.ofMinutes(10));
    int writes = ports.writes.size();
    assertThat(reconcile().label()).isEqualTo("not-found-in-oms");
    assertThat(ports.writes).hasSize(writes);
    assertThat(lifecycle.cleanup(ports.latest, ports).release()).isTrue();
    assertThat(oms.calls()).hasSize(calls);
  }

  @Test
  void aDataSourceGoneFromOmsIsCreatedAgainUnderRecreate() {
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    createdThenListedLater();
    String id = ports.lastWritten().getDataSourceId();
    oms.deleteDataSource(id);
    inventory.refresh();

    reconcile();

    assertThat(oms.count(CREATE)).isEqualTo(2);
    assertThat(ports.lastWritten().getDataSourceId()).isNotEqualTo(id)
        .isEqualTo(oms.dataSources().get(0).id());
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
  }

  @Test
  void aListingOlderThanTheCreateNeverReportsItMissing() {
    reconcile(); // the fixed clock: the listing is as old as Ready
    oms.deleteDataSource(ports.lastWritten().getDataSourceId());
    inventory.refresh();
    assertThat(reconcile().label()).isEqualTo("in-sync");
  }

  @Test
  void fieldsChangedInOmsAreReportedInUpToDate() {
    createdThenListedLater();
    var created = oms.dataSources().get(0);
    oms.deleteDataSource(created.id());
    oms.putRecord(new io.datasource.oms.client.DataSourceRecord(created.id(), created.name(),
        created.type(), "cn-elsewhere", null, null, null, null, null, null));
    inventory.refresh();

    reconcile();

    Condition upToDate = StatusEditor.find(ports.lastWritten(), Conditions.UP_TO_DATE);
    assertThat(upToDate.getReason()).isEqualTo(Conditions.UpToDateReason.CHANGED_IN_OMS);
    assertThat(upToDate.getMessage()).contains("region (OMS: 'cn-elsewhere'");
    assertThat(ready(ports.lastWritten()).getStatus()).isEqualTo("True");
  }

  @Test
  void anyRefusedCreateIsLookedUpSoATakenNameIsANameConflict() {
    oms.beforeNextCreate(() -> oms.addExisting("ds"));
    oms.failNext(CREATE, new OmsException.Environment("CreatePolarDBDataSource",
        new io.datasource.oms.client.OmsError("X", "the name is in use", null, "r", 200), "refused"));

    reconcile();

    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.NAME_CONFLICT);
    assertThat(ports.lastWritten().getCreateIntent()).isNull();
  }

  @Test
  void aFailedIntentWriteMeansNoCreateCall() {
    ports.failWrites = true;
    assertThatThrownBy(this::reconcile).isInstanceOf(KubernetesClientException.class);
    assertThat(oms.count(CREATE)).isZero();
  }

  @Test
  void anIntentFromAnUnknownOutcomeAdoptsTheDataSourceFoundByName() {
    String id = oms.addExisting("ds");
    withIntent();

    Outcome outcome = reconcile();

    assertThat(oms.count(CREATE)).isZero();
    assertThat(ports.lastWritten().getDataSourceId()).isEqualTo(id);
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
    assertThat(outcome.label()).isEqualTo("created-found");
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason).containsExactly("Created");
  }

  @Test
  void anIntentWithoutAMatchCreatesAgainWithoutRewritingTheIntent() {
    withIntent();
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(1);
    assertThat(ports.writes).hasSize(1);
    assertThat(ports.lastWritten().getDataSourceId()).isNotNull();
  }

  @Test
  void nameTakenAfterAnUnknownEarlierAttemptIsOurs() {
    withIntent();
    // The earlier attempt commits late: list saw nothing, create then finds the name taken.
    oms.beforeNextCreate(() -> oms.addExisting("ds"));

    reconcile();

    assertThat(oms.dataSources()).hasSize(1);
    assertThat(ports.lastWritten().getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
  }

  @Test
  void nameTakenOnAFirstAttemptIsANameConflictNeverAnAdoption() {
    oms.beforeNextCreate(() -> oms.addExisting("ds"));

    reconcile();

    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isNull();
    assertThat(s.getCreateIntent()).isNull();
    assertThat(ready(s).getReason()).isEqualTo(ReadyReason.NAME_CONFLICT);
  }

  @Test
  void aPreExistingNameWithoutIntentIsRefusedUnlessAdoptionIsAllowed() {
    String id = oms.addExisting("ds");
    Outcome refused = reconcile();
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.NAME_CONFLICT);
    assertThat(refused.rescheduleAfter()).isEqualTo(OPTIONS.slowRetryDelay());
    assertThat(oms.count(CREATE)).isZero();

    ports.latest.getSpec().setAdoptionPolicy(io.datasource.oms.api.v1alpha1.AdoptionPolicy.Adopt);
    ports.latest.getMetadata().setGeneration(2L);
    reconcile();
    assertThat(ports.lastWritten().getDataSourceId()).isEqualTo(id);
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.ADOPTED);
  }

  @Test
  void onlyAnExactNameMatches() {
    oms.addExisting("ds-other");
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(1);
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
  }

  @Test
  void aRejectionIsRecordedWithOmsWordsAndNotRetriedUntilTheInputChanges() {
    oms.failNext(CREATE, FakeOmsClient.rejected("Invalid region: cn-nowhere"));

    Outcome first = reconcile();
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(first.rescheduleAfter()).isNull();
    assertThat(ready(s).getReason()).isEqualTo(ReadyReason.REJECTED);
    assertThat(s.getLastError().getCode()).isEqualTo("PARAM_ERROR");
    assertThat(s.getLastError().getMessage()).isEqualTo("Invalid region: cn-nowhere");
    assertThat(s.getLastError().getAdvice()).isEqualTo("Check the request");
    assertThat(s.getLastError().getRequestId()).isEqualTo("req-rejected");
    assertThat(ready(s).getMessage()).contains("Invalid region: cn-nowhere")
        .contains("Advice: Check the request").contains("Not retried until")
        .doesNotContain("rejected [code"); // never the exception's own text
    assertThat(s.getCreateIntent()).isNull();

    int calls = oms.calls().size();
    int writes = ports.writes.size();
    reconcile();
    assertThat(oms.calls()).hasSize(calls);
    assertThat(ports.writes).hasSize(writes);

    // A new Secret version is a new input: tried again.
    ports.secret(secret(Fixtures.dbSecret("ns", "ds-db", "other"), "2"));
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(2);
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
  }

  @Test
  void aRejectionIsRetriedAfterTheGenerationChanges() {
    oms.failNext(CREATE, FakeOmsClient.rejected("bad"));
    reconcile();
    ports.latest.getMetadata().setGeneration(2L);
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(2);
  }

  @Test
  void aRepeatingOutageKeepsTheStatusAndBacksOff() {
    oms.failNext(CREATE, FakeOmsClient.unavailable("CreatePolarDBDataSource"));

    Outcome first = reconcile();
    oms.failNext(LIST, FakeOmsClient.unavailable("ListDataSource"));
    oms.failNext(LIST, FakeOmsClient.unavailable("ListDataSource"));
    PolarDBXDataSourceStatus afterFirst = ports.lastWritten();
    assertThat(ready(afterFirst).getReason()).isEqualTo(ReadyReason.OMS_UNAVAILABLE);
    assertThat(afterFirst.getCreateIntent()).as("outcome unknown: intent kept").isNotNull();
    int writes = ports.writes.size();

    Outcome second = reconcile();
    Outcome third = reconcile();
    assertThat(ports.writes).as("same error, same status: no write").hasSize(writes);
    assertThat(first.rescheduleAfter()).isEqualTo(Duration.ofMillis(750));
    assertThat(second.rescheduleAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(third.rescheduleAfter()).isEqualTo(Duration.ofMillis(3000));
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason)
        .containsExactly("CreateFailed");

    reconcile();
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
    assertThat(ports.lastWritten().getLastError()).isNull();
    assertThat(oms.dataSources()).hasSize(1);
    assertThat(ready(ports.lastWritten()).getLastTransitionTime()).isNotNull();
  }

  /** Found by ChaosIT: a retry whose inputs changed lost its outcome to a 409 after the create. */
  @Test
  void aRetryWithRotatedSecretsRecordsItsInputsBeforeSendingSoALostOutcomeIsComparedRightly() {
    oms.failNext(CREATE, FakeOmsClient.unavailable("CreatePolarDBDataSource")); // not committed
    reconcile();
    String first = ports.lastWritten().getSecretsFingerprint();
    ports.secret(secret(Fixtures.akSecret("ns", "ds-ak"), "2")); // rotated meanwhile
    ports.failWritesOnceCreatesReach = 2; // the write after the retry's create meets a 409

    assertThatThrownBy(this::reconcile).isInstanceOf(KubernetesClientException.class);
    assertThat(oms.dataSources()).as("the retry's create committed").hasSize(1);
    assertThat(ports.lastWritten().getSecretsFingerprint()).as("recorded before sending")
        .isNotEqualTo(first);
    assertThat(ports.lastWritten().getCreateIntent()).isNotNull();

    ports.failWritesOnceCreatesReach = null;
    reconcile(); // finds it by name
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.CREATED);
    assertThat(StatusEditor.find(ports.lastWritten(), Conditions.UP_TO_DATE).getReason())
        .as("created from the rotated Secret, which is the current one")
        .isEqualTo(Conditions.UpToDateReason.IN_SYNC);
    assertThat(oms.count(CREATE)).isEqualTo(2);
  }

  @Test
  void aLostAnswerIsFoundByNameOnTheNextAttempt() {
    oms.commitThenFail(FakeOmsClient.unavailable("CreatePolarDBDataSource"));
    reconcile();
    assertThat(ports.lastWritten().getCreateIntent()).isNotNull();
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(1);
    assertThat(oms.dataSources()).hasSize(1);
    assertThat(ports.lastWritten().getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
  }

  @Test
  void aDefiniteFailureOnAFirstAttemptClearsTheIntent() {
    oms.failNext(CREATE, new OmsException.Environment("CreatePolarDBDataSource",
        new OmsError("PARAM_ERROR", "Connectivity test failed", null, "r", 200), "env"));
    Outcome o = reconcile();
    assertThat(ports.lastWritten().getCreateIntent()).isNull();
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.ENVIRONMENT_ERROR);
    assertThat(o.rescheduleAfter()).isEqualTo(OPTIONS.slowRetryDelay());
  }

  @Test
  void aStaleCopyWithoutIntentOrIdNeverCreatesTwice() {
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(1);
    // JOSDK's cache hands back our own write; if it ever handed an older copy, List protects.
    ports.start(resource());
    reconcile();
    assertThat(oms.count(CREATE)).isEqualTo(1);
    assertThat(oms.dataSources()).hasSize(1);
  }

  @Test
  void readyAndUnchangedCallsNothingAndWritesNothing() {
    reconcile();
    int calls = oms.calls().size();
    int writes = ports.writes.size();
    for (int i = 0; i < 3; i++) {
      Outcome o = reconcile();
      assertThat(o.rescheduleAfter()).isNull();
    }
    assertThat(oms.calls()).hasSize(calls);
    assertThat(ports.writes).hasSize(writes);
  }

  @Test
  void cleanupReleasesAResourceWithoutIdOrIntentAtOnce() {
    Outcome o = lifecycle.cleanup(resource(), ports);
    assertThat(o.release()).isTrue();
    assertThat(oms.calls()).isEmpty();
    assertThat(outcomes).containsExactly("forgotten");
  }

  @Test
  void cleanupWithAnIntentButNoIdLooksTheNameUpSoNothingLeaks() {
    oms.addExisting("ds");
    withIntent();
    Outcome o = lifecycle.cleanup(ports.latest, ports);
    assertThat(o.release()).isTrue();
    assertThat(oms.calls()).containsExactly(LIST, DELETE);
    assertThat(oms.dataSources()).isEmpty();
  }

  @Test
  void theConfiguredDefaultPolicyAppliesWhenTheSpecSetsNone() {
    ReconcilerOptions orphanByDefault = new ReconcilerOptions(DeletionPolicy.Orphan,
        OPTIONS.retryBaseDelay(), OPTIONS.retryMaxDelay(), OPTIONS.slowRetryDelay(),
        OPTIONS.clock());
    reconcile();
    Outcome o = lifecycle(orphanByDefault).cleanup(ports.latest, ports);
    assertThat(o.release()).isTrue();
    assertThat(oms.count(DELETE)).isZero();
    assertThat(oms.dataSources()).hasSize(1);
  }

  @Test
  void aRefusedDeleteKeepsTheFinalizerAndSaysHowToRelease() {
    reconcile();
    oms.failNext(DELETE, FakeOmsClient.rejected("in use"));
    Outcome o = lifecycle.cleanup(ports.latest, ports);
    assertThat(o.release()).isFalse();
    assertThat(o.rescheduleAfter()).isEqualTo(OPTIONS.slowRetryDelay());
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.DELETE_FAILED);
    assertThat(ready(ports.lastWritten()).getMessage()).contains("deletionPolicy: Orphan");
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason).contains("DeleteFailed");
  }

  @Test
  void recreateDeletesThenCreatesAndSurvivesACrashBetweenTheTwo() {
    reconcile();
    String oldId = ports.lastWritten().getDataSourceId();
    ports.latest.getSpec().setDescription("changed");
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    ports.latest.getMetadata().setGeneration(2L);
    // As if an earlier run deleted the old data source and died before writing status.
    oms.deleteDataSource(oldId);

    reconcile();

    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isNotNull().isNotEqualTo(oldId);
    assertThat(StatusEditor.find(s, Conditions.UP_TO_DATE).getReason())
        .isEqualTo(Conditions.UpToDateReason.IN_SYNC);
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason)
        .contains("Deleted", "Created");
  }

  @Test
  void aFailedRecreateDeleteKeepsTheDataSourceReady() {
    reconcile();
    String oldId = ports.lastWritten().getDataSourceId();
    ports.latest.getSpec().setDescription("changed");
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    ports.latest.getMetadata().setGeneration(2L);
    oms.failNext(DELETE, FakeOmsClient.unavailable("DeleteDataSource"));

    Outcome o = reconcile();

    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(oldId);
    assertThat(ready(s).getStatus()).isEqualTo("True");
    Condition upToDate = StatusEditor.find(s, Conditions.UP_TO_DATE);
    assertThat(upToDate.getReason()).isEqualTo(Conditions.UpToDateReason.RECREATING);
    assertThat(upToDate.getMessage()).contains("backoff");
    assertThat(o.rescheduleAfter()).isNotNull();
    assertThat(oms.count(CREATE)).isEqualTo(1);
  }

  @Test
  void aSpecChangeWithoutRecreateIsReportedAndNothingIsCalled() {
    reconcile();
    int calls = oms.calls().size();
    ports.latest.getSpec().setRegion("cn-hangzhou");
    ports.latest.getMetadata().setGeneration(2L);
    reconcile();
    assertThat(oms.calls()).hasSize(calls);
    assertThat(StatusEditor.find(ports.lastWritten(), Conditions.UP_TO_DATE).getReason())
        .isEqualTo(Conditions.UpToDateReason.SPEC_CHANGED);
    assertThat(ready(ports.lastWritten()).getStatus()).isEqualTo("True");
  }

  @Test
  void aFailureWithoutAnswerSaysSoInsteadOfExceptionText() {
    // The inventory's listing fails, and so does the targeted lookup it falls back to.
    for (int i = 0; i < 2; i++) {
      oms.failNext(LIST, new OmsException.Transient("ListDataSource", OmsError.none(),
          "connect failed", new java.net.ConnectException("Connection refused: 10.1.2.3")));
    }
    reconcile();
    assertThat(ready(ports.lastWritten()).getMessage())
        .contains("no answer (connection failed, reset or timed out)")
        .doesNotContain("Connection refused");
  }

  @Test
  void anIntentUnderTheOldNameIsSettledBeforeANewSpecNameIsCreated() {
    // A create under metadata.name had an unknown outcome, and it did commit; then spec.name is
    // set (the CEL rule allows that once, because the old name came from metadata.name).
    String id = oms.addExisting("ds");
    withIntent();
    ports.latest.getSpec().setName("renamed");
    ports.latest.getMetadata().setGeneration(2L);

    reconcile();

    assertThat(oms.count(CREATE)).as("nothing created under the new name").isZero();
    assertThat(oms.dataSources()).extracting(r -> r.name()).containsExactly("ds");
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(id);
    assertThat(s.getOmsName()).isEqualTo("ds");
    assertThat(s.getCreateIntent()).isNull();
    assertThat(ready(s).getStatus()).isEqualTo("True");
    Condition upToDate = StatusEditor.find(s, Conditions.UP_TO_DATE);
    assertThat(upToDate.getStatus()).isEqualTo("False");
    assertThat(upToDate.getReason()).isEqualTo(Conditions.UpToDateReason.SPEC_CHANGED);

    // Deleting the resource then removes the data source it holds: nothing leaks.
    lifecycle.cleanup(ports.latest, ports);
    assertThat(oms.dataSources()).isEmpty();
  }

  @Test
  void anIntentUnderTheOldNameThatCreatedNothingIsClearedAndTheNewNameCreated() {
    withIntent();
    ports.latest.getSpec().setName("renamed");
    ports.latest.getMetadata().setGeneration(2L);

    reconcile();

    assertThat(oms.dataSources()).extracting(r -> r.name()).containsExactly("renamed");
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getOmsName()).isEqualTo("renamed");
    assertThat(s.getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
    assertThat(s.getCreateIntent()).isNull();
    // The intent written for the new name came after the old one was settled.
    assertThat(ports.writes.get(0).status().getCreateIntent().getOmsName()).isEqualTo("renamed");
    assertThat(oms.calls()).containsExactly(LIST, LIST, CREATE);
  }

  @Test
  void aSlowlyRetriedFailureKeepsItsStatusAndTransitionTimeAcrossRetries() {
    // Environment, authentication and unsupported-action failures clear the intent (OMS said it
    // created nothing), so every retry writes a new intent before calling create again.
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock moving = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    lifecycle = lifecycle(new ReconcilerOptions(DeletionPolicy.Delete, OPTIONS.retryBaseDelay(),
        OPTIONS.retryMaxDelay(), OPTIONS.slowRetryDelay(), moving));
    OmsException env = new OmsException.Environment("CreatePolarDBDataSource",
        new OmsError("PARAM_ERROR", "Connectivity test failed", null, "r", 200), "env");
    oms.failNext(CREATE, env);
    reconcile();
    PolarDBXDataSourceStatus first = ports.lastWritten();
    assertThat(ready(first).getReason()).isEqualTo(ReadyReason.ENVIRONMENT_ERROR);

    now[0] = now[0].plus(OPTIONS.slowRetryDelay());
    oms.failNext(CREATE, env);
    reconcile();

    assertThat(oms.count(CREATE)).isEqualTo(2);
    assertThat(ready(ports.lastWritten()).getLastTransitionTime())
        .isEqualTo(ready(first).getLastTransitionTime());
    assertThat(ports.lastWritten()).as("the same error: the same status").isEqualTo(first);
    assertThat(ports.writes).extracting(w -> ready(w.status()).getStatus())
        .as("Ready does not flicker through Unknown on a retry")
        .containsExactly("Unknown", "False", "False", "False");
    assertThat(ports.events).extracting(FakePorts.RecordedEvent::reason)
        .containsExactly("CreateFailed");
  }

  @Test
  void aRepeatedlyRefusedRecreateDeleteDoesNotRewriteStatusOnEveryRetry() {
    reconcile();
    ports.latest.getSpec().setDescription("changed");
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    ports.latest.getMetadata().setGeneration(2L);
    // OMS gives every answer its own request ID, also to the same refusal.
    oms.failNext(DELETE, new OmsException.Rejected("DeleteDataSource",
        new OmsError("DATASOURCE_IN_USE", "used by a migration project", null, "req-a", 200),
        "refused"));
    oms.failNext(DELETE, new OmsException.Rejected("DeleteDataSource",
        new OmsError("DATASOURCE_IN_USE", "used by a migration project", null, "req-b", 200),
        "refused"));

    Outcome first = reconcile();
    assertThat(first.rescheduleAfter()).isEqualTo(OPTIONS.slowRetryDelay());
    int writes = ports.writes.size();
    reconcile();

    assertThat(oms.count(DELETE)).isEqualTo(2);
    assertThat(ports.writes).as("the same refusal: no status write").hasSize(writes);
  }

  @Test
  void aLostAnswerFoundAfterTheSpecChangedIsReportedOutOfDate() {
    oms.commitThenFail(FakeOmsClient.unavailable("CreatePolarDBDataSource"));
    reconcile();
    assertThat(oms.createRequests().get(0).description()).isEqualTo("test data source ds");
    // The user edits the spec while the create's outcome is unknown, and OMS is still down.
    ports.latest.getSpec().setDescription("changed");
    ports.latest.getMetadata().setGeneration(2L);
    oms.failNext(LIST, FakeOmsClient.unavailable("ListDataSource"));
    reconcile();

    reconcile();

    assertThat(oms.count(CREATE)).isEqualTo(1);
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
    Condition upToDate = StatusEditor.find(s, Conditions.UP_TO_DATE);
    assertThat(upToDate.getReason()).as("OMS has the old description")
        .isEqualTo(Conditions.UpToDateReason.SPEC_CHANGED);
  }

  @Test
  void recreateUnderANameAnotherResourceOwnsKeepsTheExistingDataSource() {
    reconcile();
    String id = ports.lastWritten().getDataSourceId();
    PolarDBXDataSource owner = Fixtures.resource("ns", "owner");
    owner.getSpec().setName("taken");
    owner.getMetadata().setUid("uid-owner");
    owner.getMetadata().setCreationTimestamp("2025-12-01T00:00:00Z");
    ports.claimants.add(owner);
    // spec.name was unset (metadata.name was used), so setting it is allowed once.
    ports.latest.getSpec().setName("taken");
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    ports.latest.getMetadata().setGeneration(2L);

    reconcile();

    assertThat(oms.count(DELETE)).as("nothing deleted for a create that cannot happen").isZero();
    assertThat(oms.dataSources()).extracting(r -> r.id()).containsExactly(id);
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(id);
    assertThat(ready(s).getStatus()).isEqualTo("True");
    Condition upToDate = StatusEditor.find(s, Conditions.UP_TO_DATE);
    assertThat(upToDate.getStatus()).isEqualTo("False");
    assertThat(upToDate.getMessage()).contains("ns/owner");
  }

  @Test
  void cleanupNeverDeletesADataSourceAnotherResourceHolds() {
    // This resource's create had an unknown outcome; meanwhile another resource holds a data
    // source of that name (it created or adopted it): finding it by name does not make it ours.
    String id = oms.addExisting("ds");
    withIntent();
    PolarDBXDataSource holder = Fixtures.resource("ns", "holder");
    holder.getSpec().setName("ds");
    holder.getMetadata().setUid("uid-holder");
    PolarDBXDataSourceStatus held = new PolarDBXDataSourceStatus();
    held.setOmsName("ds");
    held.setDataSourceId(id);
    holder.setStatus(held);
    ports.claimants.add(holder);

    Outcome o = lifecycle.cleanup(ports.latest, ports);

    assertThat(o.release()).isTrue();
    assertThat(oms.count(DELETE)).isZero();
    assertThat(oms.dataSources()).extracting(r -> r.id()).containsExactly(id);
  }

  @Test
  void aCrashWhileRetryingARejectedCreateIsFoundAfterRestart() {
    oms.failNext(CREATE, FakeOmsClient.rejected("bad password"));
    reconcile();
    assertThat(ready(ports.lastWritten()).getReason()).isEqualTo(ReadyReason.REJECTED);
    // The Secret is fixed; the retry's create commits and the operator dies before recording it.
    ports.secret(secret(Fixtures.dbSecret("ns", "ds-db", "fixed"), "2"));
    oms.beforeNextCreate(() -> {
      oms.addExisting("ds");
      throw new IllegalStateException("operator killed");
    });
    assertThatThrownBy(this::reconcile).isInstanceOf(IllegalStateException.class);
    assertThat(ports.latest.getStatus().getCreateIntent()).isNotNull();

    reconcile();

    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(oms.dataSources().get(0).id());
    assertThat(ready(s).getReason()).isEqualTo(ReadyReason.CREATED);
    assertThat(s.getCreateIntent()).isNull();
  }

  @Test
  void recreateUnderANameTakenInOmsKeepsTheExistingDataSource() {
    reconcile();
    String id = ports.lastWritten().getDataSourceId();
    String other = oms.addExisting("taken");
    ports.latest.getSpec().setName("taken");
    ports.latest.getSpec().setUpdatePolicy(io.datasource.oms.api.v1alpha1.UpdatePolicy.Recreate);
    ports.latest.getMetadata().setGeneration(2L);

    reconcile();

    assertThat(oms.count(DELETE)).as("nothing deleted for a create that would conflict").isZero();
    assertThat(oms.dataSources()).extracting(r -> r.id()).containsExactly(id, other);
    PolarDBXDataSourceStatus s = ports.lastWritten();
    assertThat(s.getDataSourceId()).isEqualTo(id);
    assertThat(ready(s).getStatus()).isEqualTo("True");
    Condition upToDate = StatusEditor.find(s, Conditions.UP_TO_DATE);
    assertThat(upToDate.getStatus()).isEqualTo("False");
    assertThat(upToDate.getMessage()).contains(other);
  }

  private void withIntent() {
    PolarDBXDataSourceStatus s = new PolarDBXDataSourceStatus();
    s.setOmsName("ds");
    s.setCreateIntent(new CreateIntent("ds", "2026-01-01T00:00:00Z"));
    ports.latest.setStatus(s);
  }
}
