package io.datasource.oms.runtime;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Shared set-up of the runtime integration tests. */
final class RuntimeFixtures {

  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-secret-for-tests";

  private RuntimeFixtures() {}

  static OmsSimulator simulator() {
    return OmsSimulator.builder().credentials(OMS_USER, OMS_PASSWORD)
        .validRegions(java.util.Set.of(Fixtures.REGION)).port(0).start();
  }

  /** The environment of an operator on ephemeral ports with short retry delays. */
  static Map<String, String> environment(OmsSimulator sim, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("OMS_BASE_URL", sim.baseUrl().toString());
    env.put("OMS_USERNAME", OMS_USER);
    env.put("OMS_PASSWORD", OMS_PASSWORD);
    env.put("HEALTH_PORT", "0");
    env.put("METRICS_PORT", "0");
    env.put("RETRY_BASE_DELAY", "200ms");
    env.put("RETRY_MAX_DELAY", "1s");
    env.put("SLOW_RETRY_DELAY", "2s");
    env.put("SHUTDOWN_TIMEOUT", "5s");
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  static OperatorConfig config(Map<String, String> env) {
    return OperatorConfig.fromEnvironment(env);
  }

  /** Creates the resource and its two Secrets; {@code region} lets a test make OMS reject it. */
  static void create(KubernetesClient client, String namespace, String name, String region) {
    client.resource(Fixtures.dbSecret(namespace, name + "-db", Fixtures.DB_PASSWORD)).create();
    client.resource(Fixtures.akSecret(namespace, name + "-ak")).create();
    PolarDBXDataSource r = Fixtures.resource(namespace, name);
    r.getSpec().setRegion(region);
    client.resource(r).create();
  }

  /** The Ready condition's status and reason, e.g. "True/Created", or null. */
  static String ready(KubernetesClient client, String namespace, String name) {
    PolarDBXDataSource r = client.resources(PolarDBXDataSource.class).inNamespace(namespace)
        .withName(name).get();
    if (r == null || r.getStatus() == null) {
      return null;
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst()
        .map((Condition c) -> c.getStatus() + "/" + c.getReason())
        .orElse(null);
  }

  static HttpResponse<String> get(URI base, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
