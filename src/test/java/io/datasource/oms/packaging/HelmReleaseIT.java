package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Release;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.KubeApi;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart installed, upgraded and uninstalled by real Helm on a real API server of its own
 * (with no CRD before the install), in the order a user runs them. No kubelet runs, so the
 * operator is started in this JVM with the installed Deployment's identity and environment
 * ({@link OperatorPod}) and must reconcile against the OMS simulator that the chart's
 * {@code oms.baseUrl} points at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmReleaseIT {

  static final String CRD = "polardbxdatasources.oms.datasource.io";
  static final Duration WAIT = Duration.ofSeconds(60);

  static HelmFixture fixture;
  static KubeApi kube;
  static OmsSimulator sim;
  static HelmRelease release;
  static String apps;
  static Map<String, Object> values = new LinkedHashMap<>();
  static String firstId;

  @BeforeAll
  static void start() {
    fixture = HelmFixture.start();
    kube = fixture.kube();
    sim = fixture.sim();
    apps = fixture.apps();
    release = fixture.release();
    values.put("oms.baseUrl", sim.baseUrl().toString());
    values.put("leaderElection.enabled", true);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void installCreatesEveryObjectOfTheChartAndTheCrd() {
    Release installed = release.install(Chart.DIR, values);

    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(installed.getOutput()).as("no CRD upgrade step on a first install")
        .doesNotContain("--force-conflicts");
    List<HasMetadata> expected = rendered().objects();
    assertThat(expected).extracting(HasMetadata::getKind).contains("ServiceAccount",
        "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service");
    assertThat(expected).allSatisfy(o -> {
      GenericKubernetesResource live = live(o);
      assertThat(live).as("%s %s installed", o.getKind(), o.getMetadata().getName()).isNotNull();
      assertThat(live.getMetadata().getAnnotations())
          .containsEntry("meta.helm.sh/release-name", Chart.RELEASE);
    });
    CustomResourceDefinition crd = kube.admin().apiextensions().v1().customResourceDefinitions()
        .withName(CRD).get();
    assertThat(crd).as("the CRD from the chart's crds/").isNotNull();
    await().atMost(WAIT).until(() -> kube.admin().apiextensions().v1()
        .customResourceDefinitions().withName(CRD).get().getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));
  }

  @Test
  @Order(2)
  void operatorWithTheInstalledDeploymentsIdentityAndEnvironmentReconciles() {
    Deployment deployment = deployment();
    try (OperatorPod pod = OperatorPod.start(kube, deployment)) {
      assertThat(pod.serviceAccount).isEqualTo(
          "system:serviceaccount:" + Chart.NAMESPACE + ":" + Chart.RELEASE);
      assertThat(pod.config.leaderElection().enabled()).isTrue();
      assertThat(pod.config.oms().baseUrl()).isEqualTo(sim.baseUrl());

      firstId = createAndAwaitReady("orders");
    }
    assertThat(sim.dataSources()).extracting(d -> d.name() + "=" + d.id())
        .containsExactly("orders=" + firstId);
  }

  @Test
  @Order(3)
  void upgradeWithChangedValuesChangesTheDeploymentAndTheOperatorFollows() {
    values.put("replicas", 2);
    values.put("oms.rateLimit", 4);

    Release upgraded = release.upgrade(Chart.DIR, values);

    assertThat(upgraded.getRevision()).isEqualTo("2");
    Deployment deployment = deployment();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("OMS_RATE_LIMIT", "4", null));
    assertThat(rendered().ofKind("PodDisruptionBudget")).singleElement()
        .satisfies(pdb -> assertThat(live(pdb)).as("the budget that two replicas add").isNotNull());
    try (OperatorPod pod = OperatorPod.start(kube, deployment)) {
      assertThat(pod.config.oms().rateLimit()).isEqualTo(4.0);
      createAndAwaitReady("payments");
    }
    assertThat(sim.findByName("orders")).get().extracting(d -> d.id()).isEqualTo(firstId);
    assertThat(sim.callCount("CreatePolarDBDataSource")).isEqualTo(2);
  }

  /** The chart is meant to be installed more than once (e.g. split by label selector). */
  @Test
  @Order(4)
  void aSecondReleaseInstallsBesideTheFirstAndSharesTheCrd() {
    String team = kube.namespace("team-payments");
    HelmRelease second = new HelmRelease(kube, "payments-operator", team);

    Release installed = second.install(Chart.DIR, Map.of("oms.baseUrl", sim.baseUrl().toString(),
        "labelSelector", "team=payments"));

    assertThat(installed.getStatus()).isEqualTo("deployed");
    Deployment deployment = kube.admin().apps().deployments().inNamespace(team)
        .withName("payments-operator-oms-datasource-operator").get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("LABEL_SELECTOR", "team=payments", null));
    assertThat(deployment()).as("the first release's Deployment").isNotNull();
    assertThat(second.uninstall()).isNotNull();
  }

  @Test
  @Order(5)
  void uninstallRemovesTheReleasesObjectsButKeepsTheCrdAndTheResources() {
    List<HasMetadata> installed = rendered().objects();

    release.uninstall();

    assertThat(installed).allSatisfy(o -> assertThat(live(o))
        .as("%s %s after uninstall", o.getKind(), o.getMetadata().getName()).isNull());
    assertThat(kube.admin().apiextensions().v1().customResourceDefinitions().withName(CRD).get())
        .as("Helm keeps CRDs it installed from crds/").isNotNull();
    assertThat(kube.admin().resources(PolarDBXDataSource.class).inNamespace(apps).list()
        .getItems()).extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("orders", "payments");
  }

  private static String createAndAwaitReady(String name) {
    KubernetesClient k = kube.admin();
    k.resource(Fixtures.dbSecret(apps, name + "-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(apps, name + "-ak")).create();
    k.resource(Fixtures.resource(apps, name)).create();
    PolarDBXDataSource ready = await().alias(apps + "/" + name + " Ready=True")
        .atMost(WAIT).until(() -> k.resources(PolarDBXDataSource.class).inNamespace(apps)
            .withName(name).get(), ConditionAssertions.readyIs("True"));
    return ready.getStatus().getDataSourceId();
  }

  /** The chart rendered with the release's current values, to know what Helm should create. */
  private static Chart.Rendered rendered() {
    Chart chart = Chart.withDefaults();
    values.forEach(chart::set);
    return chart.render();
  }

  private static Deployment deployment() {
    return kube.admin().apps().deployments().inNamespace(Chart.NAMESPACE)
        .withName(Chart.RELEASE).get();
  }

  private static GenericKubernetesResource live(HasMetadata o) {
    var resources = kube.admin().genericKubernetesResources(o.getApiVersion(), o.getKind());
    String ns = o.getMetadata().getNamespace();
    return (ns == null ? resources.withName(o.getMetadata().getName())
        : resources.inNamespace(ns).withName(o.getMetadata().getName())).get();
  }
}
