package io.datasource.oms.packaging;

import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.oms.HttpOmsClient;
import io.datasource.oms.oms.OmsSettings;
import io.datasource.oms.reconciler.OperatorFactory;
import io.datasource.oms.reconciler.PolarDBXDataSourceReconciler;
import io.datasource.oms.reconciler.ReconcileObserver;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.OperatorRun;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real operator (the reconciler's {@link OperatorFactory}, leader election on) against
 * the CRUD mock API server and the OMS simulator through a resource's life: create, a Secret
 * change, a conflict on a finalizer patch, a failure that records an Event, deletion. Returns every API request the operator made,
 * told apart from the test's own requests by the operator client's User-Agent.
 */
final class RecordedOperatorRun {

  static final String OPERATOR_AGENT = "oms-datasource-operator-under-test";
  static final String LEASE_NAME = "oms-datasource-operator";
  static final String LEASE_NAMESPACE = "oms-datasource-system";
  static final String CONTENDED = "contended";
  static final String RULES_REVIEW_PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  private RecordedOperatorRun() {}

  /**
   * @param watchNamespaces the operator's namespaces; empty for all
   * @param namespace where the scenario's resources live
   * @param otherNamespace where an unwatched resource lives (or null)
   */
  static List<ApiCall> run(Set<String> watchNamespaces, String namespace, String otherNamespace)
      throws InterruptedException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        responses, new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // JOSDK's leader election asks what it may do before it starts; the mock cannot compute it.
    server.expect().post().withPath(RULES_REVIEW_PATH)
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
            .withResourceRules(new ResourceRuleBuilder().addToApiGroups("coordination.k8s.io")
                .addToResources("leases").addToVerbs("get", "create", "update").build())
            .endStatus().build())
        .always();
    // A 409 on the finalizer patch of one resource, as a busy API server gives: JOSDK then reads
    // the resource again before retrying, a call the happy path never makes.
    server.expect().patch().withPath("/apis/oms.datasource.io/v1alpha1/namespaces/" + namespace
            + "/polardbxdatasources/" + CONTENDED)
        .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409)
            .withReason("Conflict").withMessage("the object has been modified").build())
        .once();
    List<RecordedRequest> recorded = new ArrayList<>();
    try (KubernetesClient driver = server.createClient();
        KubernetesClient operatorClient = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(driver.getConfiguration())
                .withUserAgent(OPERATOR_AGENT).build())
            .build();
        OmsSimulator sim = OmsSimulator.builder().port(0).start()) {
      Operator operator = OperatorFactory.create(operatorClient,
          new PolarDBXDataSourceReconciler(
              new HttpOmsClient(OmsSettings.defaults(sim.baseUrl(), null)),
              OperatorRun.fastOptions(), ReconcileObserver.NONE),
          o -> o.withReconciliationTerminationTimeout(Duration.ofSeconds(2))
              .withCacheSyncTimeout(Duration.ofSeconds(20))
              .withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME,
                  LEASE_NAMESPACE, Duration.ofSeconds(3), Duration.ofSeconds(2),
                  Duration.ofMillis(250), "recorder-0", null, false)),
          c -> {
            if (watchNamespaces.isEmpty()) {
              c.watchingAllNamespaces();
            } else {
              c.settingNamespaces(watchNamespaces);
            }
          });
      operator.start();
      try {
        scenario(driver, namespace, otherNamespace);
        // The lease is renewed (read, then written) every retry period; wait to see a renewal.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          drain(server, recorded);
          return recorded.stream().anyMatch(r -> !r.getMethod().equals("GET")
              && r.getPath().contains("/leases/" + LEASE_NAME));
        });
      } finally {
        operator.stop();
      }
    } finally {
      drain(server, recorded);
      server.destroy();
    }
    return recorded.stream()
        .filter(r -> OPERATOR_AGENT.equals(r.getHeader("User-Agent")))
        .map(r -> ApiCall.parse(r.getMethod(), r.getPath()))
        .toList();
  }

  private static void scenario(KubernetesClient k, String ns, String otherNs) {
    // Create: Secrets then the resource; it becomes Ready.
    k.resource(Fixtures.dbSecret(ns, "orders-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, "orders-ak")).create();
    k.resource(Fixtures.resource(ns, "orders")).create();
    awaitReady(k, ns, "orders", "True");
    // A Secret change: the operator notices through its Secret informer.
    k.resource(Fixtures.dbSecret(ns, "orders-db", "rotated-pw-77-do-not-leak")).update();
    awaitCondition(k, ns, "orders", Conditions.UP_TO_DATE, "False");
    // A conflict on the finalizer patch (see the expectation above); it still becomes Ready.
    k.resource(Fixtures.dbSecret(ns, CONTENDED + "-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, CONTENDED + "-ak")).create();
    k.resource(Fixtures.resource(ns, CONTENDED)).create();
    awaitReady(k, ns, CONTENDED, "True");
    // A failure: a missing Secret, reported in status and as an Event.
    k.resource(Fixtures.resource(ns, "lonely")).create();
    awaitReady(k, ns, "lonely", "False");
    await().atMost(Duration.ofSeconds(20)).until(
        () -> !k.v1().events().inNamespace(ns).list().getItems().isEmpty());
    if (otherNs != null) {
      k.resource(Fixtures.dbSecret(otherNs, "elsewhere-db", Fixtures.DB_PASSWORD)).create();
      k.resource(Fixtures.resource(otherNs, "elsewhere")).create();
    }
    // Delete: the finalizer runs, the data source goes from OMS, the resource goes.
    k.resources(PolarDBXDataSource.class).inNamespace(ns).withName("orders").delete();
    k.resources(PolarDBXDataSource.class).inNamespace(ns).withName("lonely").delete();
    k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(CONTENDED).delete();
    await().atMost(Duration.ofSeconds(20)).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().isEmpty());
  }

  private static void awaitReady(KubernetesClient k, String ns, String name, String status) {
    awaitCondition(k, ns, name, Conditions.READY, status);
  }

  private static void awaitCondition(KubernetesClient k, String ns, String name, String type,
      String status) {
    await().atMost(Duration.ofSeconds(20)).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name).get(),
        r -> r != null && r.getStatus() != null && r.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType())).map(Condition::getStatus)
            .anyMatch(status::equals));
  }

  private static void drain(KubernetesMockServer server, List<RecordedRequest> into)
      throws InterruptedException {
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      into.add(r);
    }
  }
}
