package io.datasource.oms.packaging;

import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.ConnectionRef;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.sandbox.ApiCall;
import io.datasource.oms.sandbox.AuditLog;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.ConditionAssertions;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.KubeApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real API server of its own with an audit log, holding exactly the RBAC objects of one chart
 * rendering (its ServiceAccount, roles and bindings, as {@code helm template} renders them), and
 * the operator run as that service account with the environment the chart gives its pod, through
 * a resource's life: create, a Secret change, a conflict on the finalizer patch, a failure that
 * records an Event, deletion, Lease renewals and the release of the Lease on stop. The server
 * enforces the rules; its audit log says what the operator called and what it was answered.
 */
final class RbacRun implements AutoCloseable {

  static final String CONTENDED = "contended";
  private static final Duration WAIT = Duration.ofSeconds(60);

  final KubeApi kube;
  final AuditLog audit;
  final OmsSimulator sim;
  final Chart.Rendered chart;

  /** What the operator did in {@link #run}: its configuration and its requests, as audited. */
  record Recording(Chart.Rendered chart, OperatorConfig config, String user,
      List<AuditLog.Entry> entries) {
    List<ApiCall> calls() {
      return entries.stream().map(AuditLog.Entry::call).filter(c -> c != null).toList();
    }
  }

  RbacRun(Chart chart) {
    try {
      audit = AuditLog.withWriteBodies(Files.createTempDirectory("rbac-audit"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kube = KubeApi.dedicated(null, audit.flags(), true);
    sim = OmsSimulator.builder().credentials("oms-admin", "oms-secret").port(0).start();
    this.chart = chart.set("oms.baseUrl", sim.baseUrl().toString()).render();
    KubernetesClient admin = kube.admin();
    kube.server().ensureNamespace(Chart.NAMESPACE);
    for (HasMetadata o : this.chart.rbac()) {
      if (o.getMetadata().getNamespace() != null) {
        kube.server().ensureNamespace(o.getMetadata().getNamespace());
      }
      admin.resource(o).createOr(NonDeletingOperation::update);
    }
    // The Secret the chart's pod mounts (values oms.credentials.existingSecret).
    admin.resource(Fixtures.secret(Chart.NAMESPACE, "oms-credentials",
        Map.of("username", "oms-admin", "password", "oms-secret"))).create();
  }

  /**
   * Runs the scenario in {@code namespace} with the operator of the chart's Deployment; a resource
   * in {@code otherNamespace} (if not null) is one the operator must leave alone.
   */
  Recording run(String namespace, String otherNamespace) {
    kube.server().ensureNamespace(namespace);
    if (otherNamespace != null) {
      kube.server().ensureNamespace(otherNamespace);
    }
    KubernetesClient k = kube.admin();
    OperatorPod pod = OperatorPod.start(kube, chart.deployment());
    try {
      scenario(k, pod.serviceAccount, namespace, otherNamespace);
      if (pod.config.connections().enabled()) {
        connectionScenario(k, namespace);
      }
      if (pod.config.leaderElection().enabled()) {
        // Renewals write the Lease every retry period: wait to see one.
        await().atMost(WAIT).until(() -> audit.entriesOf(pod.serviceAccount).stream()
            .map(AuditLog.Entry::call).anyMatch(c -> c != null && c.resource().equals("leases")
                && c.name() != null && !c.verb().equals("get")));
      }
    } finally {
      pod.close();
    }
    return new Recording(chart, pod.config, pod.serviceAccount,
        audit.entriesOf(pod.serviceAccount));
  }

  /** Replaces an RBAC object on the server and waits until the authoriser answers with it. */
  void replace(HasMetadata rbacObject, String user, ApiCall probe, boolean allowed) {
    kube.admin().resource(rbacObject).forceConflicts().serverSideApply();
    await().atMost(WAIT).until(() -> kube.admin().authorization().v1().subjectAccessReview()
        .create(new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
            .withNewResourceAttributes().withGroup(probe.group()).withResource(probe.resource())
            .withVerb(probe.verb()).withNamespace(probe.namespace()).withName(probe.name())
            .endResourceAttributes().endSpec().build())
        .getStatus().getAllowed() == allowed);
  }

  private void scenario(KubernetesClient k, String user, String ns, String otherNs) {
    // Create: Secrets then the resource; it becomes Ready.
    k.resource(Fixtures.dbSecret(ns, "orders-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, "orders-ak")).create();
    k.resource(Fixtures.resource(ns, "orders")).create();
    awaitCondition(k, ns, "orders", Conditions.READY, "True");
    // A Secret change: the operator notices through its Secret informer.
    k.resource(Fixtures.dbSecret(ns, "orders-db", "rotated-pw-77-do-not-leak")).update();
    awaitCondition(k, ns, "orders", Conditions.UP_TO_DATE, "False");
    // A failure: a missing Secret, reported in status and as an Event.
    k.resource(Fixtures.resource(ns, "lonely")).create();
    awaitCondition(k, ns, "lonely", Conditions.READY, "False");
    await().atMost(WAIT).until(() -> !k.v1().events().inNamespace(ns).list().getItems().isEmpty());
    provokeFinalizerConflict(k, user, ns);
    if (otherNs != null) {
      k.resource(Fixtures.dbSecret(otherNs, "elsewhere-db", Fixtures.DB_PASSWORD)).create();
      k.resource(Fixtures.resource(otherNs, "elsewhere")).create();
    }
    // Delete: the finalizers run, the data source goes from OMS, the resources go.
    k.resources(PolarDBXDataSource.class).inNamespace(ns).delete();
    await().atMost(WAIT).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().isEmpty());
  }

  /**
   * With OmsConnection support: a connection whose Secret lives in the operator's namespace and
   * whose allow-list goes by a namespace label, a resource on it, and the connection deleted while
   * in use (finalizer, status naming the user), then the resource, then the connection goes.
   */
  private void connectionScenario(KubernetesClient k, String ns) {
    k.resource(Fixtures.secret(Chart.NAMESPACE, "oms-connection",
        Map.of("username", "oms-admin", "password", "oms-secret"))).create();
    k.namespaces().withName(ns).edit(n -> {
      n.getMetadata().getLabels().put("oms-connection", "allowed");
      return n;
    });
    OmsConnectionSpec spec = new OmsConnectionSpec();
    spec.setBaseUrl(sim.baseUrl().toString());
    spec.setCredentialsSecretRef(
        new OmsConnectionSpec.ConnectionSecretRef(Chart.NAMESPACE, "oms-connection"));
    OmsConnectionSpec.AllowedNamespaces allowed = new OmsConnectionSpec.AllowedNamespaces();
    allowed.setMatchLabels(Map.of("oms-connection", "allowed"));
    spec.setAllowedNamespaces(allowed);
    OmsConnection connection = new OmsConnection();
    connection.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName("rbac-connection").build());
    connection.setSpec(spec);
    k.resource(connection).create();
    k.resource(Fixtures.dbSecret(ns, "via-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, "via-ak")).create();
    PolarDBXDataSource r = Fixtures.resource(ns, "via");
    r.getSpec().setConnectionRef(new ConnectionRef("rbac-connection"));
    k.resource(r).create();
    awaitCondition(k, ns, "via", Conditions.READY, "True");

    var connections = k.resources(OmsConnection.class);
    connections.withName("rbac-connection").delete();
    await().atMost(WAIT).until(() -> connections.withName("rbac-connection").get(),
        ConditionAssertions.hasCondition("Deleting"));
    k.resources(PolarDBXDataSource.class).inNamespace(ns).withName("via").delete();
    await().atMost(WAIT).until(() -> connections.withName("rbac-connection").get() == null);
  }

  /**
   * A 409 on the finalizer patch, which JOSDK answers by reading the resource again: the test
   * changes a new resource's labels while the operator adds its finalizer, until the audit log
   * shows one such conflict (the window is a few milliseconds, so it may take several resources).
   */
  private void provokeFinalizerConflict(KubernetesClient k, String user, String ns) {
    AtomicInteger attempt = new AtomicInteger();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
      String name = CONTENDED + "-" + attempt.incrementAndGet();
      k.resource(Fixtures.resource(ns, name)).create();
      for (int i = 0; i < 10; i++) {
        k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name)
            .patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"bump\":\"" + i + "\"}}}");
      }
      return audit.entriesOf(user).stream().anyMatch(e -> e.code() == 409 && e.call() != null
          && e.call().resource().equals("polardbxdatasources") && e.verb().equals("patch"));
    });
  }

  static void awaitCondition(KubernetesClient k, String ns, String name, String type,
      String status) {
    await().alias(ns + "/" + name + " gets " + type + "=" + status
            + " from the operator running with the chart's RBAC")
        .atMost(WAIT).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name).get(),
        ConditionAssertions.conditionIs(type, status));
  }

  @Override
  public void close() {
    sim.close();
    kube.close();
  }
}
