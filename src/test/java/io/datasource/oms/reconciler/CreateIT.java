package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.UpdatePolicy;
import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.SharedOperatorIT;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Creating, adopting and reporting: the real operator on a real API server and the simulator. */
class CreateIT extends SharedOperatorIT {

  @Test
  void becomesReadyWithTheSimulatorsId() {
    env.createWithSecrets(resource(ns, "ds1"));

    PolarDBXDataSource r = env.awaitReady(ns, "ds1", "True", ReadyReason.CREATED);
    SimulatedDataSource created = env.sim.findByName("ds1").orElseThrow();
    assertThat(r.getStatus().getDataSourceId()).isEqualTo(created.id());
    assertThat(r.getStatus().getOmsName()).isEqualTo("ds1");
    assertThat(r.getStatus().getCreateIntent()).isNull();
    assertThat(ItEnv.openIntent(r)).isNull();
    assertThat(r.getStatus().getLastError()).isNull();
    assertThat(r.getStatus().getLastRequestId()).isNotBlank();
    assertThat(r.getStatus().getSecretsFingerprint()).isNotBlank();
    assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
    assertThat(r).condition(Conditions.UP_TO_DATE).hasReason(UpToDateReason.IN_SYNC);
    assertThat(created.userName()).isEqualTo(Fixtures.DB_USER);
    assertThat(created.accessKeyId()).isEqualTo(Fixtures.AK_ID);
    assertThat(env.creates("ds1")).isEqualTo(1);
    await().untilAsserted(() -> assertThat(env.events(ns, "Created"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage())
            .contains(created.id()).contains(r.getStatus().getLastRequestId())));
  }

  @Test
  void becomesReadyOnceTheSecretAppears() {
    PolarDBXDataSource r = resource(ns, "late");
    env.client.resource(Fixtures.akSecret(ns, "late-ak")).create();
    env.client.resource(r).create();

    PolarDBXDataSource waiting = env.awaitReady(ns, "late", "False", ReadyReason.SECRET_NOT_FOUND);
    assertThat(waiting).ready().hasMessageContaining("late-db");
    assertThat(env.sim.totalCalls()).isZero();

    env.client.resource(Fixtures.dbSecret(ns, "late-db", Fixtures.DB_PASSWORD)).create();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.get(ns, "late"), readyIs("True"));
    assertThat(env.sim.dataSources()).hasSize(1);
  }

  @Test
  void aMissingKeyIsNamedNeverItsValue() {
    env.client.resource(Fixtures.secret(ns, "nokey-db",
        Map.of("username", Fixtures.DB_USER, "pass", Fixtures.DB_PASSWORD))).create();
    env.client.resource(Fixtures.akSecret(ns, "nokey-ak")).create();
    env.client.resource(resource(ns, "nokey")).create();

    PolarDBXDataSource r = env.awaitReady(ns, "nokey", "False", ReadyReason.SECRET_KEY_MISSING);
    assertThat(r).ready().message().contains("nokey-db").contains("'password'")
        .doesNotContain(Fixtures.DB_PASSWORD).doesNotContain(Fixtures.DB_USER);
    assertThat(env.sim.totalCalls()).isZero();
  }

  @Test
  void anInvalidSpecMakesNoOmsCall() {
    // The API server accepts a metadata.name of 33 characters; OMS names may have 32 at most.
    String longName = "a-resource-name-of-thirty-three-c";
    PolarDBXDataSource r = resource(ns, longName);
    r.getSpec().setName(null);
    env.createWithSecrets(r);

    PolarDBXDataSource seen = env.awaitReady(ns, longName, "False", ReadyReason.INVALID_SPEC);
    assertThat(seen).ready().message().contains("metadata.name (used as spec.name)")
        .contains("33 characters").contains("set spec.name");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> env.sim.totalCalls() == 0);
    assertThat(env.events(ns, ReadyReason.INVALID_SPEC)).hasSize(1);
  }

  @Test
  void theApiServerRefusesWhatTheSchemaForbids() {
    PolarDBXDataSource r = resource(ns, "invalid");
    r.getSpec().setName("has whitespace");
    r.getSpec().setDescription("x".repeat(129));

    assertThatThrownBy(() -> env.client.resource(r).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("spec.description: Too long")
              .contains("spec.name in body should match");
        });
    assertThat(env.get(ns, "invalid")).isNull();
    assertThat(env.sim.totalCalls()).isZero();
  }

  @Test
  void aRejectedCreateIsNotRetriedUntilTheSpecChanges() {
    PolarDBXDataSource r = resource(ns, "rejected");
    r.getSpec().setRegion("cn-nowhere");
    env.createWithSecrets(r);

    PolarDBXDataSource seen = env.awaitReady(ns, "rejected", "False", ReadyReason.REJECTED);
    var error = seen.getStatus().getLastError();
    assertThat(error.getCode()).isEqualTo(OmsSimulator.CODE_PARAM_ERROR);
    assertThat(error.getMessage()).contains("cn-nowhere");
    assertThat(error.getRequestId()).isNotBlank();
    assertThat(seen).ready().hasMessageContaining("Not retried until");
    assertThat(seen.getStatus().getCreateIntent()).isNull();
    assertThat(ItEnv.openIntent(seen)).isNull();
    String version = seen.getMetadata().getResourceVersion();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
        .until(() -> env.creates("rejected") == 1);
    assertThat(env.get(ns, "rejected").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(env.events(ns, "CreateFailed")).hasSize(1);

    env.pxds(ns, "rejected").edit(x -> {
      x.getSpec().setRegion(Fixtures.REGION);
      return x;
    });
    PolarDBXDataSource fixed = env.awaitReady(ns, "rejected", "True", ReadyReason.CREATED);
    assertThat(fixed.getStatus().getLastError()).isNull();
    assertThat(env.creates("rejected")).isEqualTo(2);
  }

  @Test
  void transientFailuresThenSuccessLeaveExactlyOneDataSource() {
    env.sim.faults().failNext(2, Fault.HTTP_503, "CreatePolarDBDataSource");
    env.sim.faults().failNext(1, Fault.GHANA_OPERIE, "CreatePolarDBDataSource");
    env.createWithSecrets(resource(ns, "flaky"));

    env.awaitReady(ns, "flaky", "True", ReadyReason.CREATED);
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactly("flaky");
    assertThat(env.creates("flaky")).isEqualTo(4);
    assertThat(env.events(ns, "CreateFailed")).hasSize(1);
  }

  @Test
  void anAnswerLostAfterCommitIsAdoptedNotCreatedTwice() {
    env.sim.faults().failNext(1, Fault.COMMIT_THEN_DROP, "CreatePolarDBDataSource");
    env.createWithSecrets(resource(ns, "lost"));

    PolarDBXDataSource r = env.awaitReady(ns, "lost", "True", ReadyReason.CREATED);
    assertThat(env.sim.dataSources()).hasSize(1);
    assertThat(r.getStatus().getDataSourceId()).isEqualTo(env.sim.dataSources().get(0).id());
    assertThat(r).ready().hasMessageContaining("found by name");
    await().during(Duration.ofSeconds(1)).until(() -> env.creates("lost") == 1);
  }

  @Test
  void aBlankIdIsLookedUpBeforeAnotherCreate() {
    env.sim.faults().failNext(1, Fault.BLANK_DATA, "CreatePolarDBDataSource");
    env.createWithSecrets(resource(ns, "blank"));

    PolarDBXDataSource r = env.awaitReady(ns, "blank", "True", ReadyReason.CREATED);
    assertThat(env.sim.dataSources()).hasSize(1);
    assertThat(r.getStatus().getDataSourceId()).isEqualTo(env.sim.dataSources().get(0).id());
    assertThat(env.creates("blank")).isEqualTo(1);
  }

  @Test
  void aPreExistingNameIsRefusedThenAdoptedOnceOptedIn() {
    String existing = env.sim.addExisting("taken", Fixtures.REGION);
    env.createWithSecrets(resource(ns, "taken"));

    PolarDBXDataSource refused = env.awaitReady(ns, "taken", "False", ReadyReason.NAME_CONFLICT);
    assertThat(refused).ready().message().contains(existing).contains("adoptionPolicy: Adopt");
    assertThat(refused.getStatus().getDataSourceId()).isNull();
    assertThat(env.creates("taken")).isZero();
    assertThat(env.events(ns, ReadyReason.NAME_CONFLICT)).hasSize(1);

    env.pxds(ns, "taken").edit(x -> {
      x.getSpec().setAdoptionPolicy(AdoptionPolicy.Adopt);
      return x;
    });
    PolarDBXDataSource adopted = env.awaitReady(ns, "taken", "True", ReadyReason.ADOPTED);
    assertThat(adopted.getStatus().getDataSourceId()).isEqualTo(existing);
    assertThat(env.creates("taken")).isZero();
    assertThat(env.sim.dataSources()).hasSize(1);
    await().untilAsserted(() -> assertThat(env.events(ns, "Adopted")).hasSize(1));
  }

  @Test
  void twoResourcesWithOneNameTheOlderOwnsIt() {
    env.createWithSecrets(resource(ns, "first"));
    PolarDBXDataSource first = env.awaitReady(ns, "first", "True", ReadyReason.CREATED);

    PolarDBXDataSource second = resource(ns, "second");
    second.getSpec().setName("first");
    env.createWithSecrets(second);
    PolarDBXDataSource conflict = env.awaitReady(ns, "second", "False", ReadyReason.NAME_CONFLICT);
    assertThat(conflict).ready().hasMessageContaining(ns + "/first");
    assertThat(env.creates("first")).isEqualTo(1);

    // The owner goes (and deletes its data source): the other one takes the name over by itself.
    env.pxds(ns, "first").delete();
    env.awaitGone(ns, "first");
    PolarDBXDataSource now = env.awaitReady(ns, "second", "True", ReadyReason.CREATED);
    assertThat(now.getStatus().getDataSourceId()).isNotEqualTo(first.getStatus().getDataSourceId());
    assertThat(env.sim.dataSources()).hasSize(1);
  }

  @Test
  void aRotatedSecretMakesItOutOfDateWithoutRecreating() {
    env.createWithSecrets(resource(ns, "rotate"));
    PolarDBXDataSource r = env.awaitReady(ns, "rotate", "True", ReadyReason.CREATED);

    env.client.resource(Fixtures.dbSecret(ns, "rotate-db", "rotated-pw-77-do-not-leak")).update();
    PolarDBXDataSource stale = env.awaitCondition(ns, "rotate", Conditions.UP_TO_DATE, "False",
        UpToDateReason.CREDENTIALS_CHANGED);
    assertThat(stale).ready().hasStatus("True");
    assertThat(stale.getStatus().getDataSourceId()).isEqualTo(r.getStatus().getDataSourceId());
    await().during(Duration.ofSeconds(1)).until(() -> env.creates("rotate") == 1);
  }

  @Test
  void aDeletedSecretKeepsTheDataSourceAndDeletionStillWorks() {
    env.createWithSecrets(resource(ns, "nosecret"));
    env.awaitReady(ns, "nosecret", "True", ReadyReason.CREATED);

    env.client.secrets().inNamespace(ns).withName("nosecret-db").delete();
    PolarDBXDataSource r = env.awaitCondition(ns, "nosecret", Conditions.UP_TO_DATE, "False",
        UpToDateReason.CREDENTIALS_UNAVAILABLE);
    assertThat(r).ready().hasStatus("True");
    assertThat(r).condition(Conditions.UP_TO_DATE).hasMessageContaining("nosecret-db");

    env.pxds(ns, "nosecret").delete();
    env.awaitGone(ns, "nosecret");
    assertThat(env.sim.dataSources()).isEmpty();
  }

  @Test
  void aChangedSpecIsReportedAndRecreatedOnlyWhenAsked() {
    env.createWithSecrets(resource(ns, "respec"));
    PolarDBXDataSource r = env.awaitReady(ns, "respec", "True", ReadyReason.CREATED);
    String oldId = r.getStatus().getDataSourceId();

    env.pxds(ns, "respec").edit(x -> {
      x.getSpec().setDescription("changed");
      return x;
    });
    env.awaitCondition(ns, "respec", Conditions.UP_TO_DATE, "False", UpToDateReason.SPEC_CHANGED);
    assertThat(env.creates("respec")).isEqualTo(1);

    env.pxds(ns, "respec").edit(x -> {
      x.getSpec().setUpdatePolicy(UpdatePolicy.Recreate);
      return x;
    });
    PolarDBXDataSource recreated = env.awaitCondition(ns, "respec", Conditions.UP_TO_DATE, "True",
        UpToDateReason.IN_SYNC);
    assertThat(recreated.getStatus().getDataSourceId()).isNotEqualTo(oldId);
    assertThat(env.sim.dataSources()).singleElement()
        .satisfies(d -> assertThat(d.description()).isEqualTo("changed"));
  }

  @Test
  void anUnreachableDatabaseIsRetriedSlowly() {
    env.sim.unreachableAddresses(Set.of("10.0.0.8:3306"));
    env.createWithSecrets(resource(ns, "unreach"));
    PolarDBXDataSource r = env.awaitReady(ns, "unreach", "False", ReadyReason.ENVIRONMENT_ERROR);
    assertThat(r).ready().hasMessageContaining("Retrying every");

    env.sim.unreachableAddresses(Set.of());
    env.awaitReady(ns, "unreach", "True", ReadyReason.CREATED);
    assertThat(env.sim.dataSources()).hasSize(1);
  }

  @Test
  void refusedOperatorCredentialsAreRetriedSlowly() {
    env.sim.credentials("oms-admin", "oms-secret");
    try {
      env.createWithSecrets(resource(ns, "auth"));
      PolarDBXDataSource r = env.awaitReady(ns, "auth", "False", ReadyReason.AUTHENTICATION_FAILED);
      assertThat(r).ready().hasMessageContaining("Retrying every");
    } finally {
      env.sim.credentials(null, null);
    }
    env.awaitReady(ns, "auth", "True", ReadyReason.CREATED);
    assertThat(env.creates("auth")).isEqualTo(1);
    assertThat(env.sim.dataSources()).hasSize(1);
  }

  @Test
  void aTrailingNewlineInASecretIsSentAsGiven() {
    String withNewline = "pw-with-newline\n";
    env.client.resource(Fixtures.dbSecret(ns, "newline-db", withNewline)).create();
    env.client.resource(Fixtures.akSecret(ns, "newline-ak")).create();
    env.client.resource(resource(ns, "newline")).create();
    env.awaitReady(ns, "newline", "True", ReadyReason.CREATED);

    String expected = Base64.getEncoder().encodeToString(
        withNewline.getBytes(StandardCharsets.UTF_8));
    List<String> bodies = env.sim.recentRequests().stream()
        .filter(q -> q.action().startsWith("Create")).map(q -> q.body()).toList();
    assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains(expected));
  }

  @Test
  void theExamplesBehaveAsDocumented() throws Exception {
    for (String file : List.of("examples/polardbx-datasource.yaml",
        "examples/polardbx-datasource-failing.yaml")) {
      try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
        for (var item : env.client.load(in).items()) {
          item.getMetadata().setNamespace(ns);
          if ("PolarDBXDataSource".equals(item.getKind())) {
            env.client.resource(env.client.getKubernetesSerialization()
                .convertValue(item, PolarDBXDataSource.class)).create();
          } else {
            env.client.resource(item).create();
          }
        }
      }
    }
    PolarDBXDataSource ok = env.awaitReady(ns, "orders-drds", "True", ReadyReason.CREATED);
    assertThat(ok.getStatus().getDataSourceId())
        .isEqualTo(env.sim.findByName("orders-drds").orElseThrow().id());
    PolarDBXDataSource broken =
        env.awaitReady(ns, "broken-drds", "False", ReadyReason.SECRET_NOT_FOUND);
    assertThat(broken).ready().hasMessageContaining("broken-db-credentials");
    assertThat(env.calls("", "broken-drds")).isZero();
  }

  static List<Event> warnings(List<Event> events) {
    return events.stream().filter(e -> "Warning".equals(e.getType())).toList();
  }
}
