package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.CreateIntentAnnotation;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.testing.Fixtures;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a create intent lives (the annotation, or an earlier version's {@code status.createIntent}),
 * what the lifecycle sees ({@link IntentStore#view}) and what a status it wants persisted becomes
 * ({@link IntentStore#plan}), case by case.
 */
class IntentStoreTest {

  static final String AT = "2026-11-30T19:00:00Z";
  static final CreateIntentAnnotation A =
      new CreateIntentAnnotation("41", "ds", AT, "spec-1", "secrets-1");

  /** A resource with, optionally, the annotation {@code a} and a status set up by {@code s}. */
  static PolarDBXDataSource given(CreateIntentAnnotation a, Consumer<PolarDBXDataSourceStatus> s) {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getMetadata().setResourceVersion("57");
    r.getMetadata().setAnnotations(new HashMap<>());
    if (a != null) {
      r.getMetadata().getAnnotations().put(Annotations.CREATE_INTENT, a.toJson());
    }
    if (s != null) {
      PolarDBXDataSourceStatus status = new PolarDBXDataSourceStatus();
      status.setOmsName("ds");
      s.accept(status);
      r.setStatus(status);
    }
    return r;
  }

  static Consumer<PolarDBXDataSourceStatus> held(String id) {
    return s -> {
      s.setDataSourceId(id);
      s.setSpecFingerprint("spec-0");
      s.setSecretsFingerprint("secrets-0");
    };
  }

  static Consumer<PolarDBXDataSourceStatus> settled(String intentId) {
    return s -> s.setSettledIntent(intentId);
  }

  // ---------------------------------------------------------------------------------------------
  // What the lifecycle sees

  /** name, resource, expected createIntent (name or null), expected ID, expected fingerprint. */
  static Stream<Arguments> views() {
    return Stream.of(
        Arguments.of("nothing recorded", given(null, null), null, null, null),
        Arguments.of("intent open, nothing written after it (crash before or after the create"
            + " call, lost answer, deletion while open)", given(A, null), "ds", null, "spec-1"),
        Arguments.of("intent open after a failed attempt's status write",
            given(A, s -> s.setLastRequestId("r-1")), "ds", null, "spec-1"),
        Arguments.of("recreate: the ID in status predates the open intent",
            given(A, held("e_old")), "ds", null, "spec-1"),
        Arguments.of("settled: the ID was recorded with it", given(A, held("e_new")
            .andThen(settled("41"))), null, "e_new", "spec-0"),
        Arguments.of("settled without an ID (rejected, name free, name conflict)",
            given(A, settled("41")), null, null, null),
        Arguments.of("an earlier settlement does not settle a newer intent",
            given(A, held("e_old").andThen(settled("17"))), "ds", null, "spec-1"),
        Arguments.of("upgrade: status.createIntent of an earlier version is honoured",
            given(null, s -> s.setCreateIntent(new CreateIntent("legacy", AT))), "legacy",
            null, null),
        Arguments.of("an open annotation intent supersedes an earlier version's",
            given(A, s -> s.setCreateIntent(new CreateIntent("legacy", AT))), "ds", null,
            "spec-1"),
        Arguments.of("a malformed annotation counts as none", malformed(), null, "e_1",
            "spec-0"));
  }

  static PolarDBXDataSource malformed() {
    PolarDBXDataSource r = given(null, held("e_1"));
    r.getMetadata().getAnnotations().put(Annotations.CREATE_INTENT, "{not json");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void theLifecycleSeesTheIntentInStatus(String name, PolarDBXDataSource r, String intentName,
      String id, String specFingerprint) {
    PolarDBXDataSource v = IntentStore.view(r);
    PolarDBXDataSourceStatus s = v.getStatus();
    assertThat(s == null || s.getCreateIntent() == null ? null : s.getCreateIntent().getOmsName())
        .isEqualTo(intentName);
    assertThat(s == null ? null : s.getDataSourceId()).isEqualTo(id);
    assertThat(s == null ? null : s.getSpecFingerprint()).isEqualTo(specFingerprint);
    // The name claims read the same: an intent claims its name, a predated ID claims nothing.
    assertThat(NameClaims.intendedName(r)).isEqualTo(intentName);
    assertThat(NameClaims.heldName(r)).isEqualTo(id == null ? null : "ds");
    // A view of a view is the same view; metadata is never copied or changed.
    assertThat(IntentStore.view(v).getStatus()).isEqualTo(s);
    assertThat(v.getMetadata()).isSameAs(r.getMetadata());
  }

  // ---------------------------------------------------------------------------------------------
  // What persisting a status becomes

  enum Kind { STATUS, INTENT }

  /**
   * name, resource (raw), status the lifecycle wants written, expected kind; for a status write
   * the expected settledIntent and createIntent name; for an intent write the expected id and
   * spec fingerprint.
   */
  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("first create: the intent goes to the annotation (with the finalizer)",
            given(null, null), wanting(s -> intent(s, "ds", "spec-1")), Kind.INTENT, null,
            "spec-1"),
        Arguments.of("created: ID recorded, the open intent is settled in the same write",
            given(A, null), wanting(held("e_1")), Kind.STATUS, "41", null),
        Arguments.of("lost answer found by name: settled the same way", given(A, held("e_old")),
            wanting(held("e_new")), Kind.STATUS, "41", null),
        Arguments.of("rejected: intent dropped without an ID, settled", given(A, null),
            wanting(s -> s.setLastRequestId("r-2")), Kind.STATUS, "41", null),
        Arguments.of("outcome unknown (timeout): the intent stays open, status does not hold it",
            given(A, null), wanting(s -> intent(s, "ds", "spec-1")), Kind.STATUS, null, null),
        Arguments.of("a retry sends other inputs: the open intent is rewritten first, same id",
            given(A, null), wanting(s -> intent(s, "ds", "spec-2")), Kind.INTENT, "41",
            "spec-2"),
        Arguments.of("spec.name changed while open, old name free: the new intent replaces it",
            given(A, null), wanting(s -> intent(s, "renamed", "spec-3")), Kind.INTENT, null,
            "spec-3"),
        Arguments.of("recreate after a settled intent: a new intent, a new id",
            given(A, held("e_1").andThen(settled("41"))),
            wanting(s -> intent(s, "ds", "spec-4")), Kind.INTENT, null, "spec-4"),
        Arguments.of("nothing about intents: a plain status write (the draft, copied from"
            + " status, keeps the settlement)", given(A, held("e_1").andThen(settled("41"))),
            wanting(held("e_1").andThen(settled("41"))), Kind.STATUS, "41", null),
        Arguments.of("upgrade: an earlier version's intent kept open stays in status",
            given(null, s -> s.setCreateIntent(new CreateIntent("ds", AT))),
            wanting(s -> s.setCreateIntent(new CreateIntent("ds", AT))), Kind.STATUS, null,
            "legacy"),
        Arguments.of("upgrade: an earlier version's intent settled is removed from status",
            given(null, s -> s.setCreateIntent(new CreateIntent("ds", AT))),
            wanting(held("e_1")), Kind.STATUS, null, null));
  }

  static PolarDBXDataSourceStatus wanting(Consumer<PolarDBXDataSourceStatus> s) {
    PolarDBXDataSourceStatus status = new PolarDBXDataSourceStatus();
    status.setOmsName("ds");
    s.accept(status);
    return status;
  }

  static void intent(PolarDBXDataSourceStatus s, String name, String spec) {
    s.setCreateIntent(new CreateIntent(name, AT));
    s.setSpecFingerprint(spec);
    s.setSecretsFingerprint("secrets-1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void aWantedStatusBecomesTheRightWrite(String name, PolarDBXDataSource r,
      PolarDBXDataSourceStatus wanted, Kind kind, String idOrSettled, String specOrLegacy) {
    // The lifecycle works on the view; the plan must come out the same from the raw resource.
    IntentStore.Write fromView = IntentStore.plan(IntentStore.view(r), wanted);
    IntentStore.Write fromRaw = IntentStore.plan(r, wanted);
    assertThat(fromView).isEqualTo(fromRaw);
    if (kind == Kind.INTENT) {
      assertThat(fromView).isInstanceOfSatisfying(IntentStore.IntentWrite.class, w -> {
        assertThat(w.intent().id()).isEqualTo(idOrSettled);
        assertThat(w.intent().omsName()).isEqualTo(wanted.getCreateIntent().getOmsName());
        assertThat(w.intent().recordedAt()).isEqualTo(AT);
        assertThat(w.intent().specFingerprint()).isEqualTo(specOrLegacy);
        assertThat(w.intent().secretsFingerprint()).isEqualTo("secrets-1");
      });
      return;
    }
    assertThat(fromView).isInstanceOfSatisfying(IntentStore.StatusWrite.class, w -> {
      assertThat(w.status().getSettledIntent()).isEqualTo(idOrSettled);
      if ("legacy".equals(specOrLegacy)) {
        assertThat(w.status().getCreateIntent()).isEqualTo(wanted.getCreateIntent());
      } else {
        assertThat(w.status().getCreateIntent()).as("an annotation intent never goes to status")
            .isNull();
      }
      assertThat(w.status().getDataSourceId()).isEqualTo(wanted.getDataSourceId());
    });
  }

  /** After each status write the view is what the lifecycle wanted (intent and ID alike). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void whatIsWrittenReadsBackAsWanted(String name, PolarDBXDataSource r,
      PolarDBXDataSourceStatus wanted, Kind kind, String idOrSettled, String specOrLegacy) {
    IntentStore.Write plan = IntentStore.plan(r, wanted);
    PolarDBXDataSource after = given(null, null);
    after.getMetadata().setAnnotations(new HashMap<>(r.getMetadata().getAnnotations()));
    if (plan instanceof IntentStore.IntentWrite w) {
      CreateIntentAnnotation written = w.intent().id() == null
          ? w.intent().withId(r.getMetadata().getResourceVersion()) : w.intent();
      after.getMetadata().getAnnotations().put(Annotations.CREATE_INTENT, written.toJson());
      after.setStatus(r.getStatus());
    } else {
      after.setStatus(((IntentStore.StatusWrite) plan).status());
    }
    PolarDBXDataSourceStatus seen = IntentStore.view(after).getStatus();
    assertThat(seen.getCreateIntent()).isEqualTo(wanted.getCreateIntent());
    assertThat(seen.getDataSourceId()).isEqualTo(wanted.getDataSourceId());
    if (wanted.getCreateIntent() != null) {
      assertThat(seen.getSpecFingerprint()).isEqualTo(wanted.getSpecFingerprint());
      assertThat(seen.getSecretsFingerprint()).isEqualTo(wanted.getSecretsFingerprint());
    }
  }
}
