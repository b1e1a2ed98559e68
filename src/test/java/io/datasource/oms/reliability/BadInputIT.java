package io.datasource.oms.reliability;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, part 2: bad input as a user really applies it, all at once and next to valid
 * resources, against the real API server and the production-built operator. Cases the API server
 * refuses (schema, CEL, Secret validation) are applied and the refusal asserted; the others get
 * a condition whose reason and message are asserted, with zero OMS calls for the locally invalid
 * ones; afterwards every resource can be deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-Corpus-pw-do-not-leak";
  static final byte[] BINARY_PASSWORD = notUtf8(64, 1);
  static final int VALID = 8;

  static ItEnv env;
  static TestOperator operator;
  static AutoCloseable trace;
  static String ns;
  static String other;

  /** A case the operator reports: resource, expected Ready status and reason, message parts. */
  record Expect(String name, String status, String reason, Boolean omsCalled, String... parts) {
    @Override
    public String toString() {
      return name + " -> " + reason;
    }
  }

  static final List<Expect> EXPECTED = new ArrayList<>();

  @BeforeAll
  static void applyEverythingAtOnce() {
    env = new ItEnv();
    trace = env.traceProjectLoggers();
    ns = env.namespace("corpus");
    other = env.namespace("corpus-other");
    env.sim.credentials(OMS_USER, OMS_PASSWORD);
    operator = TestOperator.on(env.kube).oms(env.sim, OMS_USER, OMS_PASSWORD).watching(ns, other)
        .leaderElection(ns)
        .env("RETRY_BASE_DELAY", "500ms", "RETRY_MAX_DELAY", "2s", "SLOW_RETRY_DELAY", "5s",
            "OMS_REQUEST_TIMEOUT", "2s", "RECONCILE_CONCURRENCY", "10")
        .start();

    for (int i = 0; i < VALID; i++) {
      valid("valid-" + i);
      expect("valid-" + i, "True", ReadyReason.CREATED, true, "Created data source 'valid-" + i);
    }
    valid("claimed-first");
    expect("claimed-first", "True", ReadyReason.CREATED, true, "Created");
    applySpecCases();
    applySecretCases();
    applyOmsAnswerCases();
    // The holder of the data source owns the name whatever the age: claim it once it holds one.
    env.awaitReady(ns, "claimed-first", "True", ReadyReason.CREATED);
    applyClaimCases();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked(List.of(OMS_PASSWORD, Fixtures.DB_PASSWORD, Fixtures.AK_SECRET,
          Base64.getEncoder().encodeToString(BINARY_PASSWORD)));
    } finally {
      try {
        // Nothing left for an operator of another test class that watches all namespaces.
        env.cleanUp(ns);
        env.cleanUp(other);
      } finally {
        operator.close();
        trace.close();
        env.close();
      }
    }
  }

  // ------------------------------------------------------------------------------- the cases

  static void applySpecCases() {
    create(resource("a-metadata-name-of-forty-characters-xyz0", r -> { }));
    expect("a-metadata-name-of-forty-characters-xyz0", "False", ReadyReason.INVALID_SPEC, false,
        "metadata.name (used as spec.name) is 40 characters long; OMS allows at most 32:"
            + " set spec.name");
    String[][] names = {{"nbsp", "a\u00a0b", "whitespace (U+00A0)"},
        {"ideographic", "a\u3000b", "whitespace (U+3000)"},
        {"em-space", "a\u2003b", "whitespace (U+2003)"},
        {"ogham", "a\u1680b", "whitespace (U+1680)"},
        {"bell", "a\u0007b", "an invisible or control character (U+0007)"},
        {"zero-width", "a\u200bb", "an invisible or control character (U+200B)"}};
    for (String[] n : names) {
      create(resource("name-" + n[0], r -> r.getSpec().setName(n[1])));
      expect("name-" + n[0], "False", ReadyReason.INVALID_SPEC, false,
          "spec.name contains " + n[2], "OMS is not called");
    }
    create(resource("blank-region", r -> r.getSpec().setRegion("   ")));
    expect("blank-region", "False", ReadyReason.INVALID_SPEC, false, "spec.region is required");
    create(resource("blank-address", r -> r.getSpec().setIntranetAddr(" \t")));
    expect("blank-address", "False", ReadyReason.INVALID_SPEC, false,
        "spec.intranetAddr is required");
    create(resource("name-later", r -> { }));
    expect("name-later", "True", ReadyReason.CREATED, true, "Created data source 'name-later'");
  }

  static void applySecretCases() {
    PolarDBXDataSource noDb = Fixtures.resource(ns, "no-db-secret");
    env.client.resource(Fixtures.akSecret(ns, "no-db-secret-ak")).create();
    env.client.resource(noDb).create();
    expect("no-db-secret", "False", ReadyReason.SECRET_NOT_FOUND, false,
        "Secret 'no-db-secret-db' not found in namespace '" + ns + "'");
    PolarDBXDataSource noAk = Fixtures.resource(ns, "no-ak-secret");
    env.client.resource(Fixtures.dbSecret(ns, "no-ak-secret-db", Fixtures.DB_PASSWORD)).create();
    env.client.resource(noAk).create();
    expect("no-ak-secret", "False", ReadyReason.SECRET_NOT_FOUND, false,
        "Secret 'no-ak-secret-ak' not found");

    for (String key : List.of("username", "password")) {
      Map<String, byte[]> db = dbValues();
      db.remove(key);
      withSecrets("lacks-" + key, db, akValues());
      expect("lacks-" + key, "False", ReadyReason.SECRET_KEY_MISSING, false,
          "Secret 'lacks-" + key + "-db' has no key '" + key + "'");
    }
    for (String key : List.of("accessKeyId", "accessKeySecret")) {
      Map<String, byte[]> ak = akValues();
      ak.remove(key);
      withSecrets("lacks-" + key.toLowerCase(), dbValues(), ak);
      expect("lacks-" + key.toLowerCase(), "False", ReadyReason.SECRET_KEY_MISSING, false,
          "has no key '" + key + "'");
    }
    Map<String, byte[]> empty = dbValues();
    empty.put("password", new byte[0]);
    withSecrets("empty-password", empty, akValues());
    expect("empty-password", "False", ReadyReason.SECRET_KEY_MISSING, false,
        "Secret 'empty-password-db' has no key 'password' (or its value is empty)");

    withSecrets("odd-key-in-spec", dbValues(), akValues(),
        r -> r.getSpec().getCredentialsSecretRef().setPasswordKey("pass word"));
    expect("odd-key-in-spec", "False", ReadyReason.SECRET_KEY_MISSING, false,
        "has no key 'pass word'");

    Map<String, byte[]> oddKey = dbValues();
    oddKey.put("db.pass_word-1", oddKey.remove("password"));
    withSecrets("odd-key-valid", oddKey, akValues(),
        r -> r.getSpec().getCredentialsSecretRef().setPasswordKey("db.pass_word-1"));
    expect("odd-key-valid", "True", ReadyReason.CREATED, true, "Created");

    String[][] binary = {{"username", "db"}, {"accessKeyId", "ak"}, {"accessKeySecret", "ak"}};
    for (String[] b : binary) {
      Map<String, byte[]> db = dbValues();
      Map<String, byte[]> ak = akValues();
      ("db".equals(b[1]) ? db : ak).put(b[0], notUtf8(16, b[0].length()));
      String name = "binary-" + b[0].toLowerCase();
      withSecrets(name, db, ak);
      expect(name, "False", ReadyReason.SECRET_VALUE_INVALID, false,
          "Secret '" + name + "-" + b[1] + "' key '" + b[0] + "' is not valid UTF-8 text");
    }
    Map<String, byte[]> binaryPassword = dbValues();
    binaryPassword.put("password", BINARY_PASSWORD);
    withSecrets("binary-password", binaryPassword, akValues());
    expect("binary-password", "True", ReadyReason.CREATED, true, "Created");

    Map<String, byte[]> big = dbValues();
    big.put("password", filled(700 * 1024, 'p'));
    withSecrets("huge-password", big, akValues());
    expect("huge-password", "False", ReadyReason.SECRET_VALUE_INVALID, false,
        "key 'password' holds 716800 bytes; at most 1024 are accepted");
    Map<String, byte[]> longUser = dbValues();
    longUser.put("username", filled(300, 'u'));
    withSecrets("long-username", longUser, akValues());
    expect("long-username", "False", ReadyReason.SECRET_VALUE_INVALID, false,
        "key 'username' holds 300 bytes; at most 256 are accepted");

    Map<String, byte[]> both = dbValues();
    both.putAll(akValues());
    env.client.resource(secret(ns, "one-secret", both)).create();
    create(resource("one-secret-both-refs", r -> {
      r.getSpec().getCredentialsSecretRef().setName("one-secret");
      r.getSpec().getAccessKeySecretRef().setName("one-secret");
    }));
    expect("one-secret-both-refs", "True", ReadyReason.CREATED, true, "Created");

    valid("secret-deleted-later");
    expect("secret-deleted-later", "True", ReadyReason.CREATED, true, "Created");
  }

  static void applyClaimCases() {
    valid("claimed-second", r -> r.getSpec().setName("claimed-first"));
    // Its OMS name is claimed-first's, whose calls count under that name: the calls are checked
    // as "one create for the name" in aNameClaimedInAnotherNamespaceIsAConflictToo.
    expect("claimed-second", "False", ReadyReason.NAME_CONFLICT, null,
        "The OMS name 'claimed-first' belongs to the resource " + ns + "/claimed-first");
    PolarDBXDataSource elsewhere = Fixtures.resource(other, "claimed-elsewhere");
    elsewhere.getSpec().setName("claimed-first");
    env.client.resource(Fixtures.dbSecret(other, "claimed-elsewhere-db", Fixtures.DB_PASSWORD))
        .create();
    env.client.resource(Fixtures.akSecret(other, "claimed-elsewhere-ak")).create();
    env.client.resource(elsewhere).create();
    // Checked in its own test (other namespace): NameConflict naming ns/claimed-first.
  }

  static void applyOmsAnswerCases() {
    String[][] answers = {
        {"oms-not-json", "application/json", "{this is not json", "not an OMS JSON envelope"},
        {"oms-html", "text/html", "<html><body><h1>Login</h1></body></html>",
            "not an OMS JSON envelope (Content-Type text/html)"},
        {"oms-no-success", "application/json", "{\"data\":\"e_abc\",\"requestId\":\"r1\"}",
            "OMS answered an envelope without a success flag"},
        {"oms-wrong-type", "application/json", "{\"success\":true,\"data\":{\"items\":[1]}}",
            "no data source ID"},
        {"oms-data-boolean", "application/json", "{\"success\":true,\"data\":true}",
            "'data' of the wrong type (boolean)"},
        {"oms-huge-id", "application/json",
            "{\"success\":true,\"data\":\"e_" + "x".repeat(10 * 1024) + "\"}",
            "an ID of 10242 characters (at most 128 expected)"}};
    for (String[] a : answers) {
      env.sim.cannedCreateAnswer(a[0], 200, a[1], a[2]);
      valid(a[0]);
      expect(a[0], "False", ReadyReason.OMS_UNAVAILABLE, true,
          "OMS is unavailable or failing transiently", a[3]);
    }
  }

  // --------------------------------------------------------------------------- the assertions

  static Stream<Arguments> operatorCases() {
    return EXPECTED.stream().map(Arguments::of);
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorCases")
  void eachCaseGetsItsReasonAndAMessageToActOn(Expect e) {
    PolarDBXDataSource r = await().atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).until(() -> env.get(ns, e.name()), x -> {
          Condition c = ConditionAssertions.ready(x);
          return c != null && e.reason().equals(c.getReason())
              && java.util.Arrays.stream(e.parts()).allMatch(p -> c.getMessage().contains(p));
        });
    assertThat(r).ready().hasStatus(e.status());
    String omsName = r.effectiveOmsName();
    if (Boolean.FALSE.equals(e.omsCalled())) {
      assertThat(env.calls("", omsName)).as("OMS calls for %s", e.name()).isZero();
      assertThat(r.getStatus().getCreateIntent()).isNull();
      assertThat(ItEnv.openIntent(r)).isNull();
    } else if (Boolean.TRUE.equals(e.omsCalled())) {
      assertThat(env.calls("", omsName)).isPositive();
    }
  }

  @Order(2)
  @Test
  void aNameClaimedInAnotherNamespaceIsAConflictToo() {
    PolarDBXDataSource r = await().atMost(Duration.ofSeconds(60))
        .until(() -> env.get(other, "claimed-elsewhere"),
            ConditionAssertions.readyReasonIs(ReadyReason.NAME_CONFLICT));
    assertThat(r).ready().message()
        .contains("belongs to the resource " + ns + "/claimed-first");
    assertThat(env.sim.dataSources()).filteredOn(d -> d.name().equals("claimed-first")).hasSize(1);
    assertThat(env.creates("claimed-first")).as("creates under the claimed name").isEqualTo(1);
    assertThat(env.get(ns, "claimed-second")).ready().hasReason(ReadyReason.NAME_CONFLICT);
  }

  @Order(2)
  @Test
  void aPasswordThatIsNotUtf8ReachesOmsAsExactlyItsBytes() throws Exception {
    env.awaitReady(ns, "binary-password", "True", ReadyReason.CREATED);
    String sent = env.sim.recentRequests().stream()
        .filter(q -> q.action().startsWith("Create") && q.body().contains("\"binary-password\""))
        .map(q -> {
          try {
            return new ObjectMapper().readTree(q.body()).get("password").asText();
          } catch (Exception ex) {
            throw new IllegalStateException(ex);
          }
        })
        .findFirst().orElseThrow();
    assertThat(sent).hasSize(88).isEqualTo(Base64.getEncoder().encodeToString(BINARY_PASSWORD));
  }

  @Order(2)
  @Test
  void settingSpecNameToTheNameInUseIsAllowedAndCreatesNothing() {
    env.awaitReady(ns, "name-later", "True", ReadyReason.CREATED);
    long creates = env.creates("name-later");
    env.pxds(ns, "name-later").edit(r -> {
      r.getSpec().setName("name-later");
      return r;
    });
    PolarDBXDataSource r = await().atMost(Duration.ofSeconds(30))
        .until(() -> env.get(ns, "name-later"),
            x -> x.getStatus().getObservedGeneration() == 2L);
    assertThat(r).ready().hasStatus("True");
    assertThat(r).condition(Conditions.UP_TO_DATE).hasReason(Conditions.UpToDateReason.IN_SYNC);
    assertThat(env.creates("name-later")).isEqualTo(creates);
  }

  @Order(2)
  @Test
  void aSecretDeletedWhileReadyKeepsReadyAndSaysCredentialsUnavailable() {
    env.awaitReady(ns, "secret-deleted-later", "True", ReadyReason.CREATED);
    env.client.secrets().inNamespace(ns).withName("secret-deleted-later-db").delete();
    PolarDBXDataSource r = env.awaitCondition(ns, "secret-deleted-later", Conditions.UP_TO_DATE,
        "False", Conditions.UpToDateReason.CREDENTIALS_UNAVAILABLE);
    assertThat(r).ready().hasStatus("True");
    assertThat(r).condition(Conditions.UP_TO_DATE).message()
        .contains("Secret 'secret-deleted-later-db' not found").contains("deleting the resource");
  }

  @Order(2)
  @Test
  void aResourceDeletedBeforeItsSecretExistsGoesAwayWithoutOmsCalls() {
    PolarDBXDataSource r = Fixtures.resource(ns, "deleted-early");
    env.client.resource(r).create();
    env.awaitReady(ns, "deleted-early", "False", ReadyReason.SECRET_NOT_FOUND);
    env.pxds(ns, "deleted-early").delete();
    env.awaitGone(ns, "deleted-early");
    assertThat(env.calls("", "deleted-early")).isZero();
  }

  // Refused by the API server itself: applied for real, refusal and message asserted.

  @Order(2)
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSpecs")
  void theApiServerRefusesWhatTheSchemaForbids(String label, Map<String, Object> spec,
      String... parts) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
        () -> env.client.resource(raw(ns, "refused-" + label, spec)).create());
    assertThat(e).as(label).isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    for (String p : parts) {
      assertThat(e.getMessage()).contains(p);
    }
  }

  static Stream<Arguments> refusedSpecs() {
    return Stream.of(
        refused("name-33", s -> s.put("name", "n".repeat(33)), "spec.name", "Too long", "32"),
        refused("name-space", s -> s.put("name", "a b"), "spec.name", "should match"),
        refused("name-tab", s -> s.put("name", "a\tb"), "spec.name", "should match"),
        refused("name-newline", s -> s.put("name", "a\nb"), "spec.name", "should match"),
        refused("name-empty", s -> s.put("name", ""), "spec.name", "at least 1 chars long"),
        refused("description-129", s -> s.put("description", "d".repeat(129)),
            "spec.description", "Too long", "128"),
        refused("region-empty", s -> s.put("region", ""), "spec.region",
            "at least 1 chars long"),
        refused("region-missing", s -> s.remove("region"), "spec.region", "Required value"),
        refused("address-empty", s -> s.put("intranetAddr", ""), "spec.intranetAddr",
            "at least 1 chars long"),
        refused("credentials-ref-missing", s -> s.remove("credentialsSecretRef"),
            "spec.credentialsSecretRef", "Required value"),
        refused("credentials-name-empty", s -> s.put("credentialsSecretRef", Map.of("name", "")),
            "spec.credentialsSecretRef.name", "at least 1 chars long"),
        refused("access-key-name-empty", s -> s.put("accessKeySecretRef", Map.of("name", "")),
            "spec.accessKeySecretRef.name", "at least 1 chars long"),
        refused("username-key-empty", s -> s.put("credentialsSecretRef",
            Map.of("name", "x", "usernameKey", "")), "spec.credentialsSecretRef.usernameKey",
            "at least 1 chars long"),
        refused("deletion-keep", s -> s.put("deletionPolicy", "Keep"), "spec.deletionPolicy",
            "Unsupported value: \"Keep\"", "\"Delete\", \"Orphan\""),
        refused("adoption-maybe", s -> s.put("adoptionPolicy", "Maybe"), "spec.adoptionPolicy",
            "Unsupported value: \"Maybe\""),
        refused("update-always", s -> s.put("updatePolicy", "Always"), "spec.updatePolicy",
            "Unsupported value: \"Always\""));
  }

  @Order(2)
  @Test
  void specNameCannotBeChangedOrRemovedAfterCreation() {
    valid("immutable-name", r -> r.getSpec().setName("immutable-name-oms"));
    for (String change : List.of("{\"spec\":{\"name\":\"another-name\"}}",
        "{\"spec\":{\"name\":null}}")) {
      // A merge patch carries no resourceVersion: a concurrent status write cannot turn the
      // refusal into a 409.
      KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
          () -> env.pxds(ns, "immutable-name").patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), change));
      assertThat(e).isNotNull();
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getMessage()).contains("spec.name is immutable once set");
    }
    assertThat(env.get(ns, "immutable-name").getSpec().getName()).isEqualTo("immutable-name-oms");
  }

  @Order(2)
  @Test
  void theApiServerRefusesASecretOfSeveralMegabytesAndAKeyWithOddCharacters() {
    KubernetesClientException big = catchThrowableOfType(KubernetesClientException.class,
        () -> env.client.resource(secret(ns, "megabytes", Map.of("password",
            filled(2 * 1024 * 1024, 'p')))).create());
    assertThat(big).isNotNull();
    assertThat(big.getMessage()).contains("Too long").contains("1048576");
    KubernetesClientException odd = catchThrowableOfType(KubernetesClientException.class,
        () -> env.client.resource(secret(ns, "odd-key", Map.of("pass word",
            "x".getBytes(StandardCharsets.UTF_8)))).create());
    assertThat(odd).isNotNull();
    assertThat(odd.getCode()).isEqualTo(422);
    assertThat(odd.getMessage()).contains("pass word").contains("a valid config key must consist"
        + " of alphanumeric characters");
  }

  @Order(3)
  @Test
  void everythingCanBeDeletedAndNothingStaysInOms() {
    for (String namespace : List.of(ns, other)) {
      env.client.resources(PolarDBXDataSource.class).inNamespace(namespace).delete();
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(
        () -> assertThat(env.client.resources(PolarDBXDataSource.class).inAnyNamespace().list()
            .getItems()).filteredOn(r -> List.of(ns, other)
                .contains(r.getMetadata().getNamespace())).isEmpty());
    assertThat(env.sim.dataSources()).isEmpty();
  }

  // ------------------------------------------------------------------------------- helpers

  /** {@code omsCalled}: whether OMS saw calls naming it; null when another case shares the name. */
  static void expect(String name, String status, String reason, Boolean omsCalled,
      String... parts) {
    EXPECTED.add(new Expect(name, status, reason, omsCalled, parts));
  }

  static Map<String, byte[]> dbValues() {
    Map<String, byte[]> m = new HashMap<>();
    m.put("username", Fixtures.DB_USER.getBytes(StandardCharsets.UTF_8));
    m.put("password", Fixtures.DB_PASSWORD.getBytes(StandardCharsets.UTF_8));
    return m;
  }

  static Map<String, byte[]> akValues() {
    Map<String, byte[]> m = new HashMap<>();
    m.put("accessKeyId", Fixtures.AK_ID.getBytes(StandardCharsets.UTF_8));
    m.put("accessKeySecret", Fixtures.AK_SECRET.getBytes(StandardCharsets.UTF_8));
    return m;
  }

  static Secret secret(String namespace, String name, Map<String, byte[]> values) {
    Secret s = Fixtures.secret(namespace, name, Map.of());
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    s.setData(data);
    return s;
  }

  static PolarDBXDataSource resource(String name, Consumer<PolarDBXDataSource> change) {
    PolarDBXDataSource r = Fixtures.resource(ns, name);
    change.accept(r);
    return r;
  }

  static void create(PolarDBXDataSource r) {
    String name = r.getMetadata().getName();
    if (r.getSpec().getCredentialsSecretRef().getName().equals(name + "-db")) {
      env.client.resource(secret(ns, name + "-db", dbValues())).create();
      env.client.resource(secret(ns, name + "-ak", akValues())).create();
    }
    env.client.resource(r).create();
  }

  static void valid(String name) {
    valid(name, r -> { });
  }

  static void valid(String name, Consumer<PolarDBXDataSource> change) {
    withSecrets(name, dbValues(), akValues(), change);
  }

  static void withSecrets(String name, Map<String, byte[]> db, Map<String, byte[]> ak) {
    withSecrets(name, db, ak, r -> { });
  }

  static void withSecrets(String name, Map<String, byte[]> db, Map<String, byte[]> ak,
      Consumer<PolarDBXDataSource> change) {
    env.client.resource(secret(ns, name + "-db", db)).create();
    env.client.resource(secret(ns, name + "-ak", ak)).create();
    env.client.resource(resource(name, change)).create();
  }

  static Arguments refused(String label, Consumer<Map<String, Object>> change, String... parts) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("region", Fixtures.REGION);
    spec.put("intranetAddr", "10.0.0.8:3306");
    spec.put("credentialsSecretRef", Map.of("name", "x-db"));
    spec.put("accessKeySecretRef", Map.of("name", "x-ak"));
    change.accept(spec);
    return Arguments.of(label, spec, parts);
  }

  static GenericKubernetesResource raw(String namespace, String name, Map<String, Object> spec) {
    GenericKubernetesResource g = new GenericKubernetesResource();
    g.setApiVersion("oms.datasource.io/v1alpha1");
    g.setKind("PolarDBXDataSource");
    g.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(namespace)
        .withName(name).build());
    g.setAdditionalProperty("spec", spec);
    return g;
  }

  static byte[] notUtf8(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    b[0] = (byte) 0xFF; // never valid in UTF-8
    return b;
  }

  static byte[] filled(int length, char c) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) c);
    return b;
  }
}
