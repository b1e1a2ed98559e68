package io.datasource.oms.packaging;

import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.LeaseTimings;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.oms.HttpOmsClient;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator as production runs it ({@link OperatorRuntime}, configured from the
 * environment that the chart renders for its pod) against the CRUD mock API server and the OMS
 * simulator, through a resource's life: create, a Secret change, a 409 on a finalizer patch, a
 * failure that records an Event, deletion, and a stop that releases the Lease. Records every API
 * request the operator made, told apart from the test's own requests by its User-Agent.
 *
 * <p>The mock answers the SelfSubjectRulesReview that JOSDK's leader election sends before it
 * starts with the rules the chart grants in the Lease's namespace, as the API server would: a
 * chart that grants too little there stops the operator from starting.
 */
final class RecordedOperatorRun {

  static final String OPERATOR_AGENT = "oms-datasource-operator-under-test";
  static final String CONTENDED = "contended";
  static final String RULES_REVIEW_PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  static final LeaseTimings SHORT_LEASE =
      new LeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

  /** What one run saw: the chart it ran with and the operator's API calls. */
  record Recording(Chart.Rendered chart, OperatorConfig config, List<ApiCall> calls,
      List<Write> writes) {}

  /** A request with a body that the operator sent. */
  record Write(ApiCall call, String contentType, String body) {}

  private RecordedOperatorRun() {}

  /**
   * @param chart the chart values to run with (its namespaces, leader election, lease)
   * @param namespace where the scenario's resources live
   * @param otherNamespace where an unwatched resource lives (or null)
   */
  static Recording run(Chart chart, String namespace, String otherNamespace)
      throws InterruptedException {
    Chart.Rendered rendered = chart.render();
    try (Servers servers = new Servers(rendered, rulesIn(rendered, leaseNamespace(rendered)))) {
      servers.server.expect().patch().withPath("/apis/oms.datasource.io/v1alpha1/namespaces/"
              + namespace + "/polardbxdatasources/" + CONTENDED)
          .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409)
              .withReason("Conflict").withMessage("the object has been modified").build())
          .once();
      OperatorRuntime runtime = servers.startOperator();
      try {
        scenario(servers.driver, namespace, otherNamespace);
        if (servers.config.leaderElectionEnabled()) {
          // Renewals read and write the Lease every retry period: wait to see one.
          await().atMost(Duration.ofSeconds(10)).until(() -> {
            servers.drain();
            return servers.recorded.stream().anyMatch(r -> !r.getMethod().equals("GET")
                && r.getPath().endsWith("/leases/" + servers.config.leaderElectionLeaseName()));
          });
        }
      } finally {
        runtime.stop();
      }
      servers.drain();
      return new Recording(rendered, servers.config, servers.operatorCalls(),
          servers.operatorWrites());
    }
  }

  /**
   * Starts and stops the operator with leader election, the rules review answering {@code rules}.
   * Returns the start-up failure, or null when it started.
   */
  static RuntimeException startWithRules(Chart.Rendered rendered, List<PolicyRule> rules) {
    try (Servers servers = new Servers(rendered, rules)) {
      servers.startOperator().stop();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** The rules the chart grants in a namespace: its ClusterRoles' and that namespace's Roles'. */
  static List<PolicyRule> rulesIn(Chart.Rendered rendered, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    for (HasMetadata o : rendered.objects()) {
      if (o instanceof ClusterRole cr) {
        rules.addAll(cr.getRules());
      } else if (o instanceof Role r && namespace.equals(r.getMetadata().getNamespace())) {
        rules.addAll(r.getRules());
      }
    }
    return rules;
  }

  static String leaseNamespace(Chart.Rendered rendered) {
    return rendered.envValue("LEADER_ELECTION_NAMESPACE");
  }

  /** The mock API server, the OMS simulator and the operator's configuration for one run. */
  private static final class Servers implements AutoCloseable {
    final BodyKeepingDispatcher dispatcher;
    final KubernetesMockServer server;
    final KubernetesClient driver;
    final KubernetesClient operatorClient;
    final OmsSimulator sim;
    final OperatorConfig config;
    final Path podRoot;
    final List<RecordedRequest> recorded = new ArrayList<>();

    Servers(Chart.Rendered rendered, List<PolicyRule> reviewRules) {
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      dispatcher = new BodyKeepingDispatcher(responses);
      server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher,
          false);
      server.init(InetAddress.getLoopbackAddress(), 0);
      server.expect().post().withPath(RULES_REVIEW_PATH)
          .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
              .withIncomplete(false).withResourceRules(resourceRules(reviewRules))
              .endStatus().build())
          .always();
      driver = server.createClient();
      operatorClient = new KubernetesClientBuilder()
          .withHttpClientFactory(new JdkHttpClientFactory())
          .withConfig(new ConfigBuilder(driver.getConfiguration())
              .withUserAgent(OPERATOR_AGENT).build())
          .build();
      sim = OmsSimulator.builder().port(0).start();
      try {
        podRoot = Files.createTempDirectory("pod");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> env = new LinkedHashMap<>(new PodEnvironment(Map.of(
          "oms-credentials", Map.of("username", "oms-admin", "password", "oms-secret")), podRoot)
          .resolve(rendered.deployment(), Chart.NAMESPACE));
      // The chart's pod environment, pointed at the simulator and at free local ports.
      env.put("OMS_BASE_URL", sim.baseUrl().toString());
      env.put("HEALTH_PORT", "0");
      env.put("METRICS_PORT", "0");
      config = OperatorConfig.fromEnvironment(env).withLeaseTimings(SHORT_LEASE);
    }

    OperatorRuntime startOperator() {
      return OperatorRuntime.start(config, operatorClient,
          new HttpOmsClient(config.toOmsSettings()), InetAddress.getLoopbackAddress(), () -> { });
    }

    void drain() throws InterruptedException {
      RecordedRequest r;
      while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        recorded.add(r);
      }
    }

    List<ApiCall> operatorCalls() {
      return recorded.stream()
          .filter(r -> OPERATOR_AGENT.equals(r.getHeader("User-Agent")))
          .map(r -> ApiCall.parse(r.getMethod(), r.getPath()))
          .toList();
    }

    List<Write> operatorWrites() {
      return recorded.stream()
          .filter(r -> OPERATOR_AGENT.equals(r.getHeader("User-Agent")))
          .filter(r -> !r.getMethod().equals("GET") && !r.getMethod().equals("DELETE"))
          .map(r -> new Write(ApiCall.parse(r.getMethod(), r.getPath()),
              r.getHeader("Content-Type"), dispatcher.bodies.get(r)))
          .toList();
    }

    @Override
    public void close() {
      operatorClient.close();
      driver.close();
      sim.close();
      server.destroy();
      try (var files = Files.walk(podRoot)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The CRUD dispatcher consumes request bodies; keep a copy for the assertions. */
  private static final class BodyKeepingDispatcher extends KubernetesMixedDispatcher {
    final Map<RecordedRequest, String> bodies = Collections.synchronizedMap(new IdentityHashMap<>());

    BodyKeepingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      bodies.put(request, request.getBody() == null ? ""
          : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
      return super.dispatch(request);
    }
  }

  private static List<ResourceRule> resourceRules(List<PolicyRule> rules) {
    return rules.stream().map(r -> new ResourceRuleBuilder()
        .withApiGroups(r.getApiGroups()).withResources(r.getResources())
        .withResourceNames(r.getResourceNames()).withVerbs(r.getVerbs()).build()).toList();
  }

  private static void scenario(KubernetesClient k, String ns, String otherNs) {
    // Create: Secrets then the resource; it becomes Ready.
    k.resource(Fixtures.dbSecret(ns, "orders-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, "orders-ak")).create();
    k.resource(Fixtures.resource(ns, "orders")).create();
    awaitCondition(k, ns, "orders", Conditions.READY, "True");
    // A Secret change: the operator notices through its Secret informer.
    k.resource(Fixtures.dbSecret(ns, "orders-db", "rotated-pw-77-do-not-leak")).update();
    awaitCondition(k, ns, "orders", Conditions.UP_TO_DATE, "False");
    // A 409 on the finalizer patch (see the expectation); JOSDK reads the resource and retries.
    k.resource(Fixtures.dbSecret(ns, CONTENDED + "-db", Fixtures.DB_PASSWORD)).create();
    k.resource(Fixtures.akSecret(ns, CONTENDED + "-ak")).create();
    k.resource(Fixtures.resource(ns, CONTENDED)).create();
    awaitCondition(k, ns, CONTENDED, Conditions.READY, "True");
    // A failure: a missing Secret, reported in status and as an Event.
    k.resource(Fixtures.resource(ns, "lonely")).create();
    awaitCondition(k, ns, "lonely", Conditions.READY, "False");
    await().atMost(Duration.ofSeconds(20)).until(
        () -> !k.v1().events().inNamespace(ns).list().getItems().isEmpty());
    if (otherNs != null) {
      k.resource(Fixtures.dbSecret(otherNs, "elsewhere-db", Fixtures.DB_PASSWORD)).create();
      k.resource(Fixtures.resource(otherNs, "elsewhere")).create();
    }
    // Delete: the finalizer runs, the data source goes from OMS, the resource goes.
    for (String name : List.of("orders", "lonely", CONTENDED)) {
      k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name).delete();
    }
    await().atMost(Duration.ofSeconds(20)).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).list().getItems().isEmpty());
  }

  private static void awaitCondition(KubernetesClient k, String ns, String name, String type,
      String status) {
    await().atMost(Duration.ofSeconds(20)).until(
        () -> k.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name).get(),
        r -> r != null && r.getStatus() != null && r.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType())).map(Condition::getStatus)
            .anyMatch(status::equals));
  }
}
