package io.datasource.oms.packaging;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Release;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.Kubectl;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as the README's install section documents it, on a real API server with resources
 * present: the previous release (the chart and CRD of {@code previous-chart/}, a fixture) is
 * installed and its operator makes resources Ready; then the current CRD is applied with the
 * documented {@code kubectl apply --server-side --force-conflicts -f deploy/crds/} (Helm never
 * upgrades {@code crds/}), the release is upgraded to the current chart, and the current operator
 * takes the resources over: nothing lost, nothing created again in OMS, status kept and current.
 * Whatever {@code deploy/crds/} and the chart hold at test time is what is upgraded to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartUpgradeIT {

  static final Path PREVIOUS_CHART = Path.of("src", "test", "resources", "ChartUpgradeIT",
      "previous-chart");
  static final String CRD = "polardbxdatasources.oms.datasource.io";
  static final List<String> NAMES = List.of("orders", "payments", "billing");
  static final String SERVICE_ACCOUNT = "oms-datasource-operator";
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path tmp;
  static Kubectl kubectl;
  static HelmFixture fixture;
  static KubeApi kube;
  static OmsSimulator sim;
  static HelmRelease release;
  static String apps;
  static Map<String, Object> values;
  static Map<String, String> idsBefore;
  static Map<String, String> uidsBefore;
  static int createsBefore;

  @BeforeAll
  static void start() {
    fixture = HelmFixture.start();
    kube = fixture.kube();
    sim = fixture.sim();
    apps = fixture.apps();
    release = fixture.release();
    kubectl = Kubectl.admin(kube.server(), tmp.resolve("kubectl"));
    values = Map.of("oms.baseUrl", sim.baseUrl().toString());
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * This step runs this version's code under the previous chart (the previous jar is not at
   * hand). The previous release read Secrets from its informer (list, watch); this version lists
   * and watches their metadata only and reads the referenced ones with get, which the previous
   * chart does not grant. Grant that one verb beside the previous chart's rules, so that the step
   * shows what it is for: the previous CRD and chart, and resources made Ready under them.
   */
  private static void grantWhatThisVersionReadsBeyondThePreviousChart(KubernetesClient k) {
    String name = "chart-upgrade-it-get-secrets";
    k.resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").endRule()
        .build()).createOr(c -> c.update());
    k.resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(name).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(SERVICE_ACCOUNT)
        .withNamespace(Chart.NAMESPACE).endSubject()
        .build()).createOr(c -> c.update());
  }

  @Test
  @Order(1)
  void previousReleaseMakesItsResourcesReady() {
    assertThat(release.install(PREVIOUS_CHART, values).getStatus()).isEqualTo("deployed");
    assertThat(versions(liveCrd())).as("the previous CRD, from the previous chart's crds/")
        .isEqualTo(versions(crdIn(PREVIOUS_CHART.resolve("crds"))));

    KubernetesClient k = kube.admin();
    grantWhatThisVersionReadsBeyondThePreviousChart(k);
    try (OperatorPod previous = OperatorPod.start(kube, deployment())) {
      for (String name : NAMES) {
        k.resource(Fixtures.dbSecret(apps, name + "-db", Fixtures.DB_PASSWORD)).create();
        k.resource(Fixtures.akSecret(apps, name + "-ak")).create();
        k.resource(Fixtures.resource(apps, name)).create();
      }
      for (String name : NAMES) {
        awaitReadyAndCurrent(name);
      }
      // This version on the previous CRD, which lacks status.settledIntent (the server drops
      // it): the operator removes its create-intent annotations instead, so none is left open.
      await().atMost(WAIT).untilAsserted(() -> assertThat(NAMES)
          .allSatisfy(n -> assertThat(ItEnv.openIntent(get(n))).as(n).isNull()));
    }
    idsBefore = dataSources();
    uidsBefore = NAMES.stream().collect(Collectors.toMap(n -> n, n -> get(n).getMetadata()
        .getUid()));
    createsBefore = sim.callCount("CreatePolarDBDataSource");
    assertThat(idsBefore).containsOnlyKeys(NAMES);
  }

  /**
   * Why the documented step has {@code --force-conflicts}: Helm created the CRD, so Helm's field
   * manager owns its fields, and a server-side apply that changes one of them is refused without
   * it (shown with a copy of the CRD whose first printer column has another description).
   */
  @Test
  @Order(2)
  void withoutForceConflictsAChangedCrdIsRefused() throws Exception {
    CustomResourceDefinition changed = crdIn(KubeApi.CRDS);
    changed.getSpec().getVersions().get(0).getAdditionalPrinterColumns().get(0)
        .setDescription("changed by " + getClass().getSimpleName());
    Path file = tmp.resolve("changed-crd.yaml");
    Files.writeString(file, Serialization.asYaml(changed), StandardCharsets.UTF_8);

    Kubectl.Result refused = kubectl("apply", "--server-side", "--dry-run=server", "-f", file.toString());

    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("conflict");
  }

  @Test
  @Order(3)
  void theDocumentedKubectlStepInstallsTheCurrentCrd() throws Exception {
    Kubectl.Result applied = kubectl("apply", "--server-side", "--force-conflicts", "-f",
        KubeApi.CRDS + "/");

    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(versions(liveCrd())).as("the CRD of deploy/crds/, as served")
        .isEqualTo(versions(crdIn(KubeApi.CRDS)));
    // The data is untouched by the schema change.
    assertThat(NAMES).allSatisfy(n -> assertThat(get(n)).ready().hasStatus("True"));
  }

  @Test
  @Order(4)
  void currentOperatorTakesTheResourcesOverWithoutCreatingAnythingAgain() {
    Release upgraded = release.upgrade(Chart.DIR, values);

    assertThat(upgraded.getRevision()).isEqualTo("2");
    assertThat(upgraded.getOutput()).as("the upgrade notes name the CRD step")
        .contains("kubectl apply --server-side --force-conflicts -f deploy/crds/");

    try (OperatorPod current = OperatorPod.start(kube, deployment())) {
      for (String name : NAMES) {
        PolarDBXDataSource r = awaitReadyAndCurrent(name);
        assertThat(r.getMetadata().getUid()).isEqualTo(uidsBefore.get(name));
        assertThat(r.getStatus().getDataSourceId()).isEqualTo(idsBefore.get(name));
      }
      // It acts on them: a spec change is noticed at its new generation, a deletion runs the
      // finalizer the previous operator added.
      kube.admin().resources(PolarDBXDataSource.class).inNamespace(apps).withName("orders")
          .edit(r -> {
            r.getSpec().setDescription("changed after the upgrade");
            return r;
          });
      PolarDBXDataSource changed = awaitCondition("orders", Conditions.UP_TO_DATE, "False");
      assertThat(changed.getStatus().getObservedGeneration()).isEqualTo(2L);
      assertThat(changed).ready().hasStatus("True");
      kube.admin().resources(PolarDBXDataSource.class).inNamespace(apps).withName("billing")
          .delete();
      await().atMost(WAIT).until(() -> get("billing") == null);
    }
    Map<String, String> after = new TreeMap<>(idsBefore);
    after.remove("billing");
    assertThat(dataSources()).as("same data sources, same IDs").isEqualTo(after);
    assertThat(sim.callCount("CreatePolarDBDataSource")).as("no create after the upgrade")
        .isEqualTo(createsBefore);
  }

  /** Runs the machine's kubectl against the server with the admin kubeconfig. */
  private static Kubectl.Result kubectl(String... args) {
    return kubectl.run(args);
  }

  private static PolarDBXDataSource awaitReadyAndCurrent(String name) {
    return await().alias(apps + "/" + name + " Ready=True at its current generation")
        .atMost(WAIT).until(() -> get(name), r -> ConditionAssertions.readyIs("True").test(r)
            && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration()));
  }

  private static PolarDBXDataSource awaitCondition(String name, String type, String status) {
    return await().alias(apps + "/" + name + " " + type + "=" + status).atMost(WAIT)
        .until(() -> get(name), r -> ConditionAssertions.conditionIs(type, status).test(r)
            && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration()));
  }

  private static PolarDBXDataSource get(String name) {
    return kube.admin().resources(PolarDBXDataSource.class).inNamespace(apps).withName(name).get();
  }

  private static Map<String, String> dataSources() {
    return sim.dataSources().stream().collect(Collectors.toMap(SimulatedDataSource::name,
        SimulatedDataSource::id, (a, b) -> a + "," + b, TreeMap::new));
  }

  private static Deployment deployment() {
    return kube.admin().apps().deployments().inNamespace(Chart.NAMESPACE)
        .withName(Chart.RELEASE).get();
  }

  private static CustomResourceDefinition liveCrd() {
    return kube.admin().apiextensions().v1().customResourceDefinitions().withName(CRD).get();
  }

  private static CustomResourceDefinition crdIn(Path dir) {
    try {
      return Serialization.unmarshal(Files.readString(dir.resolve(CRD + "-v1.yml"),
          StandardCharsets.UTF_8), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * What a CRD serves, per version: its schema and printer columns (a column's priority 0 is the
   * default, which the server leaves out).
   */
  private static List<String> versions(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream().map(CustomResourceDefinitionVersion.class::cast)
        .map(v -> v.getName() + " " + Serialization.asJson(v.getSchema()) + " "
            + v.getAdditionalPrinterColumns().stream().map(c -> String.join("|", c.getName(),
                c.getType(), c.getJsonPath(), String.valueOf(c.getFormat()),
                String.valueOf(c.getPriority() == null ? 0 : c.getPriority()),
                String.valueOf(c.getDescription()))).toList())
        .toList();
  }
}
