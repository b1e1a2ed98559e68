package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.ManagementPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.api.v1alpha1.UpdatePolicy;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.client.OmsFailureKind;
import io.datasource.oms.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner is a pure function: each row gives the inputs, the observation and the status, and
 * the plan they must give. Every kind of {@link Plan} appears in a row (checked below).
 */
class PlanTest {

  static final ReconcilerOptions OPTIONS = DataSourceLifecycleTest.OPTIONS;
  static final DataSourceRecord MATCH = new DataSourceRecord("e_found", "ds", null, null, null,
      null, null, null, null, null);
  static final OmsException DOWN = new OmsException.Transient("ListDataSource", OmsError.none(),
      "down", null);
  static final Resolution CREDENTIALS = Resolution.resolved("user", new byte[] {1}, "ak", "sk",
      "secrets-1");
  static final NameClaims.Claim CLAIMED = new NameClaims.Claim("ns", "owner", false);
  static final NameClaims.Claim CLAIMED_BY_LEAVING = new NameClaims.Claim("ns", "owner", true);

  /** One row: the world the planner sees, built from the defaults by the row's edits. */
  static final class World {
    final PolarDBXDataSource resource = Fixtures.resource("ns", "ds");
    PolarDBXDataSourceStatus status = new PolarDBXDataSourceStatus();
    Resolution credentials = CREDENTIALS;
    SpecValidator.Validation validation = new SpecValidator.Validation(List.of());
    NameClaims.Claim claim = NameClaims.Claim.OWNED;
    Observation seen = Observation.NOTHING;

    World() {
      resource.getMetadata().setGeneration(1L);
    }

    Plan plan() {
      Inputs in = new Inputs(resource, credentials, validation, claim);
      return Planner.reconcile(in, seen, status, status, OPTIONS);
    }

    /** Created from the current spec and Secrets, Ready True (Created) and in sync. */
    World created() {
      status.setDataSourceId("e_1");
      status.setOmsName("ds");
      status.setSpecFingerprint(Fingerprints.spec(resource));
      status.setSecretsFingerprint(CREDENTIALS.fingerprint());
      new StatusEditor(OPTIONS.clock()).set(status, Conditions.READY, "True", ReadyReason.CREATED,
          "created", 1L);
      return this;
    }

    World ready(String status, String reason) {
      new StatusEditor(OPTIONS.clock()).set(this.status, Conditions.READY, status, reason, "m",
          1L);
      return this;
    }

    World intent(String name) {
      status.setCreateIntent(new CreateIntent(name, "2026-01-01T00:00:00Z"));
      return this;
    }

    World observe() {
      resource.getSpec().setManagementPolicy(ManagementPolicy.Observe);
      return this;
    }

    World recreate() {
      resource.getSpec().setUpdatePolicy(UpdatePolicy.Recreate);
      return this;
    }

    World seen(Drift drift, Observation.Settle settle, DataSourceRecord match,
        OmsException failure) {
      seen = new Observation(null, drift, settle, match, failure);
      return this;
    }
  }

  static final Drift GONE = new Drift(Drift.Kind.GONE, "");
  static final Drift CHANGED = new Drift(Drift.Kind.CHANGED, "region (OMS: 'a', spec: 'b')");
  static final Observation.Settle NONE = Observation.Settle.NONE;

  static Arguments row(String name, Consumer<World> given, String plan) {
    return Arguments.of(name, given, plan);
  }

  static Stream<Arguments> reconcile() {
    return Stream.of(
        row("paused: nothing but the Paused condition",
            w -> w.resource.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true")),
            "Pause"),
        row("new resource: create, no intent yet", w -> { }, "Create ds hadIntent=false"),
        row("intent for this name: targeted lookup, then create",
            w -> w.intent("ds"), "Create ds hadIntent=true"),
        row("invalid spec", w -> w.validation = new SpecValidator.Validation(List.of("bad")),
            "Refuse InvalidSpec invalid-spec retry=null"),
        row("Secret missing", w -> w.credentials = Resolution.unavailable(
            ReadyReason.SECRET_NOT_FOUND, "no Secret"),
            "Refuse SecretNotFound credentials-unavailable retry=null"),
        row("name claimed by an older resource", w -> w.claim = CLAIMED,
            "Refuse NameConflict name-conflict retry=PT30S"),
        row("name claimed by a resource on its way out", w -> w.claim = CLAIMED_BY_LEAVING,
            "Refuse NameConflict name-conflict retry=PT1S"),
        row("rejected before, same inputs: not retried", w -> {
          w.ready("False", ReadyReason.REJECTED);
          w.status.setSpecFingerprint(Fingerprints.spec(w.resource));
          w.status.setSecretsFingerprint(CREDENTIALS.fingerprint());
        }, "Keep rejected-unchanged"),
        row("rejected before, with an intent outstanding: looked up", w -> {
          w.ready("False", ReadyReason.REJECTED).intent("ds");
          w.status.setSpecFingerprint(Fingerprints.spec(w.resource));
          w.status.setSecretsFingerprint(CREDENTIALS.fingerprint());
        }, "Create ds hadIntent=true"),
        row("a lookup failed", w -> w.intent("old").seen(null, NONE, null, DOWN), "Fail"),
        row("intent under an old name that created something",
            w -> w.intent("old").seen(null, Observation.Settle.FOUND, MATCH, null),
            "SettleOwn e_found"),
        row("intent under an old name that created nothing",
            w -> w.intent("old").seen(null, Observation.Settle.NOTHING, null, null),
            "DropIntent"),
        row("created and unchanged", w -> w.created(),
            "Report ready=- upToDate=True/InSync in-sync"),
        row("created, Ready not True yet: Ready set", w -> w.created().ready("Unknown", "Creating"),
            "Report ready=Created upToDate=True/InSync in-sync"),
        row("spec changed", w -> w.created().resource.getSpec().setDescription("new"),
            "Report ready=- upToDate=False/SpecChanged out-of-date"),
        row("spec invalid after the create", w -> w.created().validation =
            new SpecValidator.Validation(List.of("bad")),
            "Report ready=- upToDate=False/SpecChanged out-of-date"),
        row("Secret gone after the create, even under Recreate",
            w -> w.created().recreate().credentials = Resolution.unavailable(
                ReadyReason.SECRET_NOT_FOUND, "gone"),
            "Report ready=- upToDate=False/CredentialsUnavailable out-of-date"),
        row("Secret rotated", w -> w.created().status.setSecretsFingerprint("old"),
            "Report ready=- upToDate=False/CredentialsChanged out-of-date"),
        row("changed in OMS", w -> w.created().seen(CHANGED, NONE, null, null),
            "Report ready=- upToDate=False/ChangedInOms out-of-date"),
        row("spec changed under Recreate", w -> w.created().recreate().resource.getSpec()
            .setDescription("new"), "Recreate e_1 ds SpecChanged checkName=false"),
        row("new name under Recreate: the name is looked up first",
            w -> w.created().recreate().resource.getSpec().setName("other"),
            "Recreate e_1 other SpecChanged checkName=true"),
        row("new name under Recreate, adoption allowed: no lookup", w -> {
          w.created().recreate().resource.getSpec().setName("other");
          w.resource.getSpec().setAdoptionPolicy(AdoptionPolicy.Adopt);
        }, "Recreate e_1 other SpecChanged checkName=false"),
        row("Recreate under a name another resource owns", w -> {
          w.created().recreate().claim = CLAIMED;
          w.status.setSecretsFingerprint("old");
        }, "Report ready=- upToDate=False/CredentialsChanged recreate-name-conflict"),
        row("gone from OMS", w -> w.created().seen(GONE, NONE, null, null),
            "Refuse NotFoundInOms not-found-in-oms retry=null"),
        row("gone from OMS under Recreate", w -> w.created().recreate()
            .seen(GONE, NONE, null, null), "RecreateGone e_1 ds"),
        row("gone from OMS under Recreate, name claimed", w -> {
          w.created().recreate().seen(GONE, NONE, null, null);
          w.claim = CLAIMED;
        }, "Refuse NotFoundInOms not-found-in-oms retry=null"),
        row("Observe: found by name", w -> w.observe().seen(null, NONE, MATCH, null),
            "Observed e_found"),
        row("Observe: not in OMS", w -> w.observe(), "ObservedMissing ds"),
        row("Observe: the lookup failed", w -> w.observe().seen(null, NONE, null, DOWN), "Fail"),
        row("Observe: an intent left from Manage is dropped", w -> w.observe().intent("ds"),
            "Forget dataSource=false"),
        row("Observe: the recorded data source is gone", w -> w.observe().created()
            .seen(GONE, NONE, null, null), "Forget dataSource=true"),
        row("Observe: known and in sync", w -> w.observe().created(),
            "Report ready=Observed upToDate=True/InSync observed-in-sync"),
        row("Observe: known, changed in OMS",
            w -> w.observe().created().ready("True", ReadyReason.OBSERVED)
                .seen(CHANGED, NONE, null, null),
            "Report ready=- upToDate=False/ChangedInOms observed-drift"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void reconcile(String name, Consumer<World> given, String plan) {
    World w = new World();
    given.accept(w);
    assertThat(summary(w.plan())).isEqualTo(plan);
  }

  static Stream<Arguments> cleanup() {
    return Stream.of(
        row("paused: released, the data source stays",
            w -> w.created().resource.getMetadata().setAnnotations(
                Map.of(Annotations.PAUSED, "true")),
            "Release released-paused event=Released"),
        row("Observe: released", w -> w.observe().created(),
            "Release released-observer event=Released"),
        row("Observe, nothing recorded: no Event", w -> w.observe(),
            "Release released-observer event=null"),
        row("Orphan", w -> w.created().resource.getSpec()
            .setDeletionPolicy(DeletionPolicy.Orphan), "Release orphaned event=Orphaned"),
        row("nothing created", w -> { }, "Release released-without-data-source event=null"),
        row("already gone from OMS", w -> w.created().ready("False", ReadyReason.NOT_FOUND_IN_OMS),
            "Release released-gone-from-oms event=Released"),
        row("an intent, no ID: look up what it may have made", w -> w.intent("ds"),
            "DeleteIfCreated ds"),
        row("an ID: delete it", w -> w.created(), "Delete e_1 ds"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void cleanup(String name, Consumer<World> given, String plan) {
    World w = new World();
    given.accept(w);
    Plan p = CleanupPlanner.plan(w.resource, w.status, DeletionPolicy.Delete);
    assertThat(summary(p)).isEqualTo(plan);
  }

  @Test
  void theConfiguredDeletionPolicyAppliesWhenTheSpecSetsNone() {
    World w = new World().created();
    assertThat(summary(CleanupPlanner.plan(w.resource, w.status, DeletionPolicy.Orphan)))
        .isEqualTo("Release orphaned event=Orphaned");
  }

  @Test
  void aBlockedConnectionIsReportedUnlessPaused() {
    World w = new World();
    assertThat(summary(Planner.blocked(w.resource, ReadyReason.CONNECTION_NOT_FOUND, "m",
        OPTIONS))).isEqualTo("Refuse ConnectionNotFound connection-unusable retry=PT30S");
    w.resource.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));
    assertThat(summary(Planner.blocked(w.resource, ReadyReason.CONNECTION_NOT_FOUND, "m",
        OPTIONS))).isEqualTo("Pause");
  }

  static Stream<Arguments> found() {
    return Stream.of(
        Arguments.of(true, AdoptionPolicy.Refuse, "CreatedEarlier e_found"),
        Arguments.of(true, AdoptionPolicy.Adopt, "CreatedEarlier e_found"),
        Arguments.of(false, AdoptionPolicy.Adopt, "Adopt e_found"),
        Arguments.of(false, AdoptionPolicy.Refuse, "NameTaken e_found"),
        Arguments.of(false, null, "NameTaken e_found"));
  }

  @ParameterizedTest(name = "intent {0}, adoption {1}: {2}")
  @MethodSource
  void found(boolean hadIntent, AdoptionPolicy adoption, String plan) {
    assertThat(summary(Planner.found(MATCH, hadIntent, adoption))).isEqualTo(plan);
  }

  static Stream<Arguments> afterCreateFailure() {
    return Stream.of(
        Arguments.of(OmsFailureKind.REJECTED, false, true, true),
        Arguments.of(OmsFailureKind.REJECTED, true, true, true),
        Arguments.of(OmsFailureKind.ENVIRONMENT, false, true, true),
        Arguments.of(OmsFailureKind.ENVIRONMENT, true, true, false),
        Arguments.of(OmsFailureKind.TRANSIENT, false, false, false),
        Arguments.of(OmsFailureKind.TRANSIENT, true, false, false),
        Arguments.of(OmsFailureKind.NOT_FOUND, false, false, false),
        Arguments.of(OmsFailureKind.AUTHENTICATION, false, false, true),
        Arguments.of(OmsFailureKind.AUTHENTICATION, true, false, false),
        Arguments.of(OmsFailureKind.UNSUPPORTED_ACTION, false, false, true),
        Arguments.of(OmsFailureKind.UNSUPPORTED_ACTION, true, false, false));
  }

  @ParameterizedTest(name = "{0}, intent {1}: look up {2}, drop the intent {3}")
  @MethodSource
  void afterCreateFailure(OmsFailureKind kind, boolean hadIntent, boolean lookUp,
      boolean dropIntent) {
    assertThat(Planner.afterCreateFailure(kind, hadIntent))
        .isEqualTo(new Planner.AfterFailure(lookUp, dropIntent));
  }

  @Test
  void aRecreateUnderANameTakenInOmsKeepsTheOldDataSource() {
    Plan.Recreate recreate = new Plan.Recreate("e_1", "other", "SpecChanged", null, true);
    assertThat(summary(Planner.recreateNameTaken(recreate, MATCH, OPTIONS)))
        .isEqualTo("Report ready=- upToDate=False/SpecChanged recreate-name-conflict-oms");
  }

  /** Every kind of plan is produced by some row above (the rows are the planner's spec). */
  @Test
  void theRowsCoverEveryPlan() {
    List<String> produced = Stream.of(
            reconcile().map(a -> (String) a.get()[2]),
            cleanup().map(a -> (String) a.get()[2]),
            found().map(a -> (String) a.get()[2]))
        .flatMap(s -> s)
        .map(s -> s.split(" ")[0])
        .toList();
    List<String> kinds = Stream.of(Plan.class.getPermittedSubclasses())
        .flatMap(c -> c.isInterface() ? Stream.of(c.getPermittedSubclasses()) : Stream.of(c))
        .map(Class::getSimpleName)
        .toList();
    assertThat(kinds).hasSizeGreaterThan(15);
    assertThat(produced).containsAll(kinds);
  }

  static String summary(Plan p) {
    if (p instanceof Plan.Refuse r) {
      return "Refuse " + r.reason() + " " + r.label() + " retry=" + r.retry();
    } else if (p instanceof Plan.Report r) {
      return "Report ready=" + (r.ready() == null ? "-" : r.ready().reason()) + " upToDate="
          + r.upToDate().status() + "/" + r.upToDate().reason() + " " + r.label();
    } else if (p instanceof Plan.Keep k) {
      return "Keep " + k.label();
    } else if (p instanceof Plan.Create c) {
      return "Create " + c.name() + " hadIntent=" + c.hadIntent();
    } else if (p instanceof Plan.Recreate r) {
      return "Recreate " + r.oldId() + " " + r.name() + " " + r.outOfDateReason() + " checkName="
          + r.checkNameInOms();
    } else if (p instanceof Plan.RecreateGone r) {
      return "RecreateGone " + r.oldId() + " " + r.name();
    } else if (p instanceof Plan.Adopt a) {
      return "Adopt " + a.match().id();
    } else if (p instanceof Plan.CreatedEarlier c) {
      return "CreatedEarlier " + c.match().id();
    } else if (p instanceof Plan.NameTaken n) {
      return "NameTaken " + n.match().id();
    } else if (p instanceof Plan.SettleOwn s) {
      return "SettleOwn " + s.match().id();
    } else if (p instanceof Plan.Observed o) {
      return "Observed " + o.match().id();
    } else if (p instanceof Plan.ObservedMissing o) {
      return "ObservedMissing " + o.name();
    } else if (p instanceof Plan.Forget f) {
      return "Forget dataSource=" + f.dataSource();
    } else if (p instanceof Plan.Release r) {
      return "Release " + r.label() + " event=" + r.eventReason();
    } else if (p instanceof Plan.DeleteIfCreated d) {
      return "DeleteIfCreated " + d.omsName();
    } else if (p instanceof Plan.Delete d) {
      return "Delete " + d.id() + " " + d.omsName();
    }
    return p.getClass().getSimpleName();
  }
}
