package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Argo CD health check (deploy/argocd/health.lua), run with LuaJ, for every Ready reason. */
class ArgoCdHealthTest {

  static final Path HEALTH_LUA = Paths.get("deploy", "argocd", "health.lua");
  static final Path ARGOCD_CM = Paths.get("deploy", "argocd", "argocd-cm.yaml");
  /** Argo CD's key for a resource health check: {@code <group>_<kind>}. */
  static final String KEY = "resource.customizations.health." + PolarDBXDataSource.GROUP + "_"
      + HasMetadata.getKind(PolarDBXDataSource.class);

  /** What Argo CD must show for each Ready reason the operator writes. */
  static final Map<String, String> EXPECTED = Map.ofEntries(
      Map.entry(Conditions.ReadyReason.CREATED, "Healthy"),
      Map.entry(Conditions.ReadyReason.ADOPTED, "Healthy"),
      Map.entry(Conditions.ReadyReason.OBSERVED, "Healthy"),
      Map.entry(Conditions.ReadyReason.CREATING, "Progressing"),
      Map.entry(Conditions.ReadyReason.OMS_UNAVAILABLE, "Progressing"),
      Map.entry(Conditions.ReadyReason.DELETING, "Progressing"),
      Map.entry(Conditions.ReadyReason.INVALID_SPEC, "Degraded"),
      Map.entry(Conditions.ReadyReason.REJECTED, "Degraded"),
      Map.entry(Conditions.ReadyReason.NAME_CONFLICT, "Degraded"),
      Map.entry(Conditions.ReadyReason.SECRET_NOT_FOUND, "Degraded"),
      Map.entry(Conditions.ReadyReason.SECRET_KEY_MISSING, "Degraded"),
      Map.entry(Conditions.ReadyReason.SECRET_VALUE_INVALID, "Degraded"),
      Map.entry(Conditions.ReadyReason.AUTHENTICATION_FAILED, "Degraded"),
      Map.entry(Conditions.ReadyReason.ENVIRONMENT_ERROR, "Degraded"),
      Map.entry(Conditions.ReadyReason.UNSUPPORTED_ACTION, "Degraded"),
      Map.entry(Conditions.ReadyReason.DELETE_FAILED, "Degraded"),
      Map.entry(Conditions.ReadyReason.DELETE_UNSUPPORTED, "Degraded"),
      Map.entry(Conditions.ReadyReason.NOT_FOUND_IN_OMS, "Degraded"),
      Map.entry(Conditions.ReadyReason.CONNECTION_NOT_FOUND, "Degraded"),
      Map.entry(Conditions.ReadyReason.CONNECTION_NOT_READY, "Progressing"),
      Map.entry(Conditions.ReadyReason.CONNECTION_NOT_ALLOWED, "Degraded"));

  private final LuaHealthCheck check = new LuaHealthCheck(GoldenFile.read(HEALTH_LUA));

  @Test
  void everyReadyReasonHasAnExpectedHealth() {
    assertThat(EXPECTED.keySet())
        .as("Conditions.ReadyReason.ALL: a new reason needs a line in health.lua and here")
        .containsExactlyInAnyOrderElementsOf(Conditions.ReadyReason.ALL);
  }

  static Stream<String> readyReasons() {
    return Conditions.ReadyReason.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("readyReasons")
  void readyReasonMapsToItsHealth(String reason) {
    PolarDBXDataSource resource = resource(3L, 3L,
        condition(Conditions.READY, statusOf(reason), reason, "detail of " + reason));

    LuaHealthCheck.Health health = check.run(resource);

    assertThat(health.status()).isEqualTo(EXPECTED.get(reason));
    assertThat(health.message()).contains(reason).contains("detail of " + reason);
  }

  @ParameterizedTest
  @MethodSource("readyReasons")
  void everyNotReadyReasonIsNamedInTheScript(String reason) {
    // Ready=True is Healthy whatever its reason; every other reason is listed on purpose, not
    // left to the fallback on the condition's status.
    if (!EXPECTED.get(reason).equals("Healthy")) {
      assertThat(GoldenFile.read(HEALTH_LUA)).containsPattern("(?m)^\\s*" + reason + " = true,$");
    }
  }

  @Test
  void noStatusYetIsProgressing() {
    PolarDBXDataSource resource = resource(1L, null);
    resource.setStatus(null);

    assertThat(check.run(resource).status()).isEqualTo("Progressing");
  }

  @Test
  void statusOfAnOlderGenerationIsProgressingEvenIfItSaidReady() {
    PolarDBXDataSource resource = resource(4L, 3L,
        condition(Conditions.READY, "True", Conditions.ReadyReason.CREATED, "created"));

    LuaHealthCheck.Health health = check.run(resource);

    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("generation 4");
  }

  @Test
  void statusWithoutObservedGenerationIsProgressing() {
    PolarDBXDataSource resource = resource(1L, null,
        condition(Conditions.READY, "True", Conditions.ReadyReason.CREATED, "created"));

    assertThat(check.run(resource).status()).isEqualTo("Progressing");
  }

  @Test
  void statusWithoutReadyConditionIsProgressing() {
    assertThat(check.run(resource(1L, 1L)).status()).isEqualTo("Progressing");
  }

  @Test
  void readyButNotUpToDateIsHealthyAndSaysWhy() {
    PolarDBXDataSource resource = resource(2L, 2L,
        condition(Conditions.READY, "True", Conditions.ReadyReason.CREATED, "created"),
        condition(Conditions.UP_TO_DATE, "False", Conditions.UpToDateReason.SPEC_CHANGED,
            "intranetAddr changed"));

    LuaHealthCheck.Health health = check.run(resource);

    assertThat(health.status()).isEqualTo("Healthy");
    assertThat(health.message()).contains("SpecChanged").contains("intranetAddr changed");
  }

  @Test
  void pausedResourceIsSuspendedWhateverItsReadyCondition() {
    PolarDBXDataSource resource = resource(2L, 1L,
        condition(Conditions.READY, "False", Conditions.ReadyReason.OMS_UNAVAILABLE, "down"));
    resource.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));

    LuaHealthCheck.Health health = check.run(resource);

    assertThat(health.status()).isEqualTo("Suspended");
    assertThat(health.message()).contains(Annotations.PAUSED);

    resource.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "false"));
    assertThat(check.run(resource).status()).isEqualTo("Progressing");
  }

  @Test
  void unknownFutureReasonFollowsTheConditionStatus() {
    assertThat(check.run(resource(1L, 1L, condition(Conditions.READY, "Unknown", "Pondering", "")))
        .status()).isEqualTo("Progressing");
    assertThat(check.run(resource(1L, 1L, condition(Conditions.READY, "False", "Broken", "")))
        .status()).isEqualTo("Degraded");
  }

  @Test
  void resourceAsTheApiServerShowsItIsDegradedWhenRejected() throws IOException {
    Object object = Serialization.unmarshal(fixture("rejected.yaml"), Map.class);

    LuaHealthCheck.Health health = check.run(object);

    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message()).isEqualTo(
        "Rejected: OMS rejected the create (PARAM_ERROR): Connectivity test failed");
  }

  @Test
  void argocdConfigMapEmbedsExactlyHealthLua() {
    GoldenFile.check(ARGOCD_CM, expectedConfigMap(), "ArgoCdHealthTest");

    ConfigMap configMap = Serialization.unmarshal(GoldenFile.read(ARGOCD_CM), ConfigMap.class);

    assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(configMap.getData()).containsOnlyKeys(KEY);
    assertThat(configMap.getData().get(KEY)).isEqualTo(GoldenFile.read(HEALTH_LUA));
  }

  static String expectedConfigMap() {
    StringBuilder yaml = new StringBuilder("""
        # Installs deploy/argocd/health.lua as Argo CD's health check for PolarDBXDataSource.
        # Generated from health.lua by ArgoCdHealthTest; do not edit: change health.lua, then run
        #   mvn -B -o -q test -Dtest=ArgoCdHealthTest -Dregenerate=true
        # Merge it into the existing argocd-cm (do not replace that ConfigMap):
        #   kubectl -n argocd patch configmap argocd-cm --type merge --patch-file deploy/argocd/argocd-cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: argocd-cm
          namespace: argocd
          labels:
            app.kubernetes.io/name: argocd-cm
            app.kubernetes.io/part-of: argocd
        data:
        """);
    yaml.append("  ").append(KEY).append(": |\n");
    GoldenFile.read(HEALTH_LUA).lines()
        .forEach(line -> yaml.append(line.isEmpty() ? "" : "    " + line).append('\n'));
    return yaml.toString();
  }

  private static String statusOf(String reason) {
    if (reason.equals(Conditions.ReadyReason.CREATED)
        || reason.equals(Conditions.ReadyReason.ADOPTED)
        || reason.equals(Conditions.ReadyReason.OBSERVED)) {
      return "True";
    }
    return reason.equals(Conditions.ReadyReason.CREATING) ? "Unknown" : "False";
  }

  private static PolarDBXDataSource resource(Long generation, Long observedGeneration,
      Condition... conditions) {
    PolarDBXDataSource resource = new PolarDBXDataSource();
    resource.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("payments")
        .withGeneration(generation).build());
    PolarDBXDataSourceStatus status = new PolarDBXDataSourceStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(new ArrayList<>(List.of(conditions)));
    resource.setStatus(status);
    return resource;
  }

  private static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).withLastTransitionTime("2026-11-29T09:00:00Z").build();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ArgoCdHealthTest.class.getResourceAsStream(
        "/ArgoCdHealthTest/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
