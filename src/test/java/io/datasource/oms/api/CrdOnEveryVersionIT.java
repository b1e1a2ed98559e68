package io.datasource.oms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.sandbox.RealKubernetes;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.Kubectl;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD as users install it ({@code kubectl apply -f deploy/crds/}) on every Kubernetes version
 * whose binaries kube-api-test has, and always on the floor the chart declares (kube-api-test
 * downloads it where it is missing): the API server itself accepts it, applies the schema
 * defaults, refuses what breaks a limit with its own message, enforces the CEL rule, serves the
 * status subresource, and kubectl shows the printer columns, the category and the descriptions.
 */
class CrdOnEveryVersionIT {

  static final String CRD = HasMetadata.getFullResourceName(PolarDBXDataSource.class);
  static final String API_VERSION = PolarDBXDataSource.GROUP + "/" + PolarDBXDataSource.VERSION;
  /** Label of the default server of {@link KubeApi#shared()} when no binaries are present. */
  static final String NEWEST = "newest";

  private static final Map<String, Cluster> CLUSTERS = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /**
   * One API server and what the install printed. {@code owned}: started for this class (stopped
   * after it), else the suite's shared server.
   */
  record Cluster(String version, RealKubernetes server, boolean owned, Kubectl kubectl,
      Kubectl.Result install) {

    KubernetesClient admin() {
      return server.adminClient();
    }

    String namespace(String hint) {
      String name = "crd-" + hint + "-" + NAMESPACES.incrementAndGet();
      server.ensureNamespace(name);
      return name;
    }
  }

  /**
   * The versions to test, oldest first: every one present in kube-api-test's folder, and the
   * floor even when absent. With nothing present, the default (newest) server too.
   */
  static List<String> versions() {
    List<String> present = RealKubernetes.presentVersions();
    List<String> versions = new ArrayList<>(present);
    if (present.stream().noneMatch(KubernetesFloor::isFloor)) {
      versions.add(KubernetesFloor.pattern());
    }
    versions.sort(Comparator.comparingLong(RealKubernetes::versionKey));
    if (present.isEmpty()) {
      versions.add(NEWEST);
    }
    return versions;
  }

  static Cluster cluster(String version) {
    return CLUSTERS.computeIfAbsent(version, CrdOnEveryVersionIT::install);
  }

  private static Cluster install(String version) {
    List<String> present = RealKubernetes.presentVersions();
    // The newest present is what KubeApi.shared() runs: share it instead of starting another.
    boolean shared = version.equals(NEWEST)
        || (!present.isEmpty() && version.equals(present.get(present.size() - 1)));
    RealKubernetes server = shared ? KubeApi.shared().server()
        : RealKubernetes.start(version, List.of());
    try {
      Path dir = Files.createDirectories(Path.of("target", "CrdOnEveryVersionIT", version
          .replace("*", "x")));
      Kubectl kubectl = Kubectl.admin(server, dir);
      Kubectl.Result result = kubectl.run("apply", "-f", KubeApi.CRDS.toString());
      if (result.exitCode() == 0) {
        kubectl.run("wait", "--for=condition=Established", "--timeout=60s", "crd/" + CRD);
      }
      return new Cluster(version, server, !shared, kubectl, result);
    } catch (Exception | AssertionError e) {
      if (!shared) {
        server.close();
      }
      throw new IllegalStateException("cannot install the CRD on Kubernetes " + version, e);
    }
  }

  @AfterAll
  static void stopTheServersThisClassStarted() {
    CLUSTERS.values().stream().filter(Cluster::owned).forEach(c -> c.server().close());
    CLUSTERS.clear();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void kubectlApplyInstallsTheCrd(String version) {
    Cluster cluster = cluster(version);

    assertThat(cluster.install().exitCode())
        .as("kubectl apply -f deploy/crds on %s: %s", cluster.server().serverVersion(),
            cluster.install().output())
        .isZero();
    assertThat(cluster.install().output()).contains(
        "customresourcedefinition.apiextensions.k8s.io/" + CRD);
    CustomResourceDefinition crd = cluster.admin().apiextensions().v1()
        .customResourceDefinitions().withName(CRD).get();
    assertThat(crd.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("oms");
    if (KubernetesFloor.isFloor(version)) {
      assertThat(cluster.server().serverVersion()).startsWith("v" + KubernetesFloor.VERSION + ".");
    }
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void acceptsAValidResourceAndFillsInTheSchemaDefaults(String version) {
    Cluster cluster = cluster(version);
    String ns = cluster.namespace("defaults");

    GenericKubernetesResource created = resources(cluster, ns)
        .resource(resource("orders", minimalSpec())).create();

    Map<String, Object> spec = spec(created);
    assertThat(spec).containsEntry("adoptionPolicy", "Refuse").containsEntry("updatePolicy", "None")
        .doesNotContainKey("deletionPolicy"); // unset means the operator's configured default
    assertThat(spec.get("credentialsSecretRef")).isEqualTo(Map.of("name", "db",
        "usernameKey", "username", "passwordKey", "password"));
    assertThat(spec.get("accessKeySecretRef")).isEqualTo(Map.of("name", "ak",
        "accessKeyIdKey", "accessKeyId", "accessKeySecretKey", "accessKeySecret"));
    Map<String, Object> longestName = minimalSpec();
    longestName.put("name", "n".repeat(32));
    longestName.put("description", "d".repeat(128));
    assertThat(resources(cluster, ns).resource(resource("longest", longestName)).create())
        .as("32-character name and 128-character description are allowed").isNotNull();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void refusesWhatBreaksALimitWithTheApiServersMessage(String version) {
    Cluster cluster = cluster(version);
    String ns = cluster.namespace("limits");

    assertRefused(cluster, ns, "spaced", with("name", "has space"),
        "spec.name", "FieldValueInvalid", "should match");
    assertRefused(cluster, ns, "long-name", with("name", "n".repeat(33)),
        "spec.name", "FieldValueTooLong", "32");
    assertRefused(cluster, ns, "long-description", with("description", "d".repeat(129)),
        "spec.description", "FieldValueTooLong", "128");
    assertRefused(cluster, ns, "unknown-policy", with("adoptionPolicy", "Maybe"),
        "spec.adoptionPolicy", "FieldValueNotSupported", "\"Adopt\"");
    Map<String, Object> noRegion = minimalSpec();
    noRegion.remove("region");
    assertRefused(cluster, ns, "no-region", noRegion,
        "spec.region", "FieldValueRequired", "Required value");
    assertThat(resources(cluster, ns).list().getItems()).as("nothing was stored").isEmpty();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void specNameIsImmutableOnceSet(String version) {
    Cluster cluster = cluster(version);
    String ns = cluster.namespace("immutable");
    resources(cluster, ns).resource(resource("named", with("name", "orders-a"))).create();
    resources(cluster, ns).resource(resource("unnamed", minimalSpec())).create();

    Status changed = refusal(() -> updateSpec(cluster, ns, "named", s -> s.put("name", "b")));
    Status removed = refusal(() -> updateSpec(cluster, ns, "named", s -> s.remove("name")));
    GenericKubernetesResource setLater = updateSpec(cluster, ns, "unnamed",
        s -> s.put("name", "unnamed"));
    GenericKubernetesResource sameAgain = updateSpec(cluster, ns, "named",
        s -> s.put("description", "only the description changes"));

    for (Status refused : List.of(changed, removed)) {
      assertThat(refused.getCode()).isEqualTo(422);
      assertThat(refused.getMessage())
          .contains("spec.name is immutable once set: create a new resource to use another OMS name");
    }
    assertThat(spec(setLater)).containsEntry("name", "unnamed");
    assertThat(spec(sameAgain)).containsEntry("name", "orders-a");
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void statusIsASubresource(String version) {
    Cluster cluster = cluster(version);
    String ns = cluster.namespace("status");
    GenericKubernetesResource created = resources(cluster, ns)
        .resource(resource("orders", minimalSpec())).create();

    GenericKubernetesResource withStatus = writeReadyStatus(cluster, ns, "orders");
    GenericKubernetesResource viaMain = resources(cluster, ns).withName("orders").get();
    viaMain.setAdditionalProperty("status", Map.of("omsName", "written-through-the-main-endpoint"));
    spec(viaMain).put("description", "changed");
    GenericKubernetesResource afterMain = resources(cluster, ns).resource(viaMain).update();

    assertThat(status(withStatus)).containsEntry("dataSourceId", "e_abcdefghijkl")
        .containsEntry("omsName", "orders");
    assertThat(withStatus.getMetadata().getGeneration())
        .as("a status write is no spec change").isEqualTo(created.getMetadata().getGeneration());
    assertThat(status(afterMain)).as("the main endpoint ignores status")
        .containsEntry("omsName", "orders");
    assertThat(afterMain.getMetadata().getGeneration())
        .isEqualTo(created.getMetadata().getGeneration() + 1);
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void kubectlGetShowsStateFirstAndAgeLast(String version) {
    Cluster cluster = cluster(version);
    String ns = cluster.namespace("columns");
    resources(cluster, ns).resource(resource("orders-drds", with("name", "orders"))).create();
    writeReadyStatus(cluster, ns, "orders-drds");

    Kubectl.Result get = cluster.kubectl().run("get", "pxds", "-n", ns);
    Kubectl.Result category = cluster.kubectl().run("get", "oms", "-n", ns);

    assertThat(get.exitCode()).as(get.output()).isZero();
    assertThat(get.lines()).hasSize(2);
    assertThat(get.lines().get(0).split("\\s{2,}"))
        .containsExactly("NAME", "READY", "REASON", "ID", "OMS NAME", "AGE");
    String[] row = get.lines().get(1).split("\\s+");
    assertThat(row).hasSize(6);
    assertThat(List.of(row).subList(0, 5))
        .containsExactly("orders-drds", "True", "Created", "e_abcdefghijkl", "orders");
    assertThat(row[5]).as("AGE").matches("\\d+[smh]");
    assertThat(category.exitCode()).as(category.output()).isZero();
    // With one kind in the category kubectl prints its table as is, without a kind prefix.
    assertThat(category.lines()).as("kubectl get oms lists every kind of the project")
        .anyMatch(line -> line.startsWith("orders-drds "));
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @MethodSource("versions")
  void kubectlExplainDescribesTheFields(String version) {
    Cluster cluster = cluster(version);

    Kubectl.Result spec = cluster.kubectl().run("explain", "pxds.spec");
    Kubectl.Result conditions = cluster.kubectl().run("explain", "pxds.status.conditions");

    assertThat(spec.exitCode()).as(spec.output()).isZero();
    assertThat(spec.output().replaceAll("\\s+", " "))
        .contains("The PolarDB-X 1.0 data source to keep in OMS")
        .contains("adoptionPolicy").contains("credentialsSecretRef").contains("updatePolicy")
        .contains("Name of the data source in OMS; defaults to metadata.name.");
    assertThat(conditions.exitCode()).as(conditions.output()).isZero();
    assertThat(conditions.output().replaceAll("\\s+", " "))
        .contains("Ready or UpToDate.").contains("True, False or Unknown.");
  }

  // --- helpers

  private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> resources(Cluster cluster, String ns) {
    return cluster.admin().genericKubernetesResources(API_VERSION, "PolarDBXDataSource")
        .inNamespace(ns);
  }

  private static Map<String, Object> minimalSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("region", "cn-anhui");
    spec.put("intranetAddr", "10.0.0.8:3306");
    spec.put("credentialsSecretRef", Map.of("name", "db"));
    spec.put("accessKeySecretRef", Map.of("name", "ak"));
    return spec;
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> spec = minimalSpec();
    spec.put(field, value);
    return spec;
  }

  private static GenericKubernetesResource resource(String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind("PolarDBXDataSource");
    r.setMetadata(new ObjectMetaBuilder().withName(name).build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("status");
  }

  private static GenericKubernetesResource updateSpec(Cluster cluster, String ns, String name,
      Consumer<Map<String, Object>> change) {
    GenericKubernetesResource current = resources(cluster, ns).withName(name).get();
    change.accept(spec(current));
    return resources(cluster, ns).resource(current).update();
  }

  private static GenericKubernetesResource writeReadyStatus(Cluster cluster, String ns,
      String name) {
    GenericKubernetesResource current = resources(cluster, ns).withName(name).get();
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("type", "Ready");
    ready.put("status", "True");
    ready.put("reason", "Created");
    ready.put("message", "Created data source in OMS.");
    ready.put("lastTransitionTime", "2026-01-01T00:00:00Z");
    ready.put("observedGeneration", current.getMetadata().getGeneration());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("omsName", spec(current).getOrDefault("name", name));
    status.put("dataSourceId", "e_abcdefghijkl");
    status.put("conditions", List.of(ready));
    current.setAdditionalProperty("status", status);
    spec(current).put("description", "sent through the status endpoint, so ignored");
    GenericKubernetesResource written = resources(cluster, ns).resource(current).updateStatus();
    assertThat(spec(written)).as("the status endpoint ignores spec")
        .doesNotContainKey("description");
    return written;
  }

  private static void assertRefused(Cluster cluster, String ns, String name,
      Map<String, Object> spec, String field, String reason, String messagePart) {
    Status status = refusal(() -> resources(cluster, ns).resource(resource(name, spec)).create());

    assertThat(status.getCode()).as("%s: %s", name, status.getMessage()).isEqualTo(422);
    assertThat(status.getDetails().getCauses()).as("%s: %s", name, status.getMessage())
        .extracting(StatusCause::getField, StatusCause::getReason)
        .contains(tuple(field, reason));
    assertThat(status.getMessage()).as(name).contains(field).contains(messagePart);
  }

  private static Status refusal(Runnable call) {
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        call::run);
    assertThat(refused).as("the API server refuses it").isNotNull();
    return refused.getStatus();
  }
}
