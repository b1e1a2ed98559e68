package io.datasource.oms.runtime;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Shared set-up of the runtime integration tests. */
final class RuntimeFixtures {

  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-secret-for-tests";

  private RuntimeFixtures() {}

  static OmsSimulator simulator() {
    return OmsSimulator.builder().credentials(OMS_USER, OMS_PASSWORD)
        .validRegions(java.util.Set.of(Fixtures.REGION)).port(0).start();
  }

  /**
   * The operator on this server and simulator ({@link TestOperator}): quick retries (slow retries
   * every 2 s), a graceful stop within 5 s.
   */
  static TestOperator.Builder operator(KubeApi kube, OmsSimulator sim) {
    return TestOperator.on(kube).oms(sim, OMS_USER, OMS_PASSWORD).quickRetries()
        .env("SLOW_RETRY_DELAY", "2s", "SHUTDOWN_TIMEOUT", "5s");
  }

  /** Creates the resource and its two Secrets; {@code region} lets a test make OMS reject it. */
  static void create(KubernetesClient client, String namespace, String name, String region) {
    client.resource(Fixtures.dbSecret(namespace, name + "-db", Fixtures.DB_PASSWORD)).create();
    client.resource(Fixtures.akSecret(namespace, name + "-ak")).create();
    PolarDBXDataSource r = Fixtures.resource(namespace, name);
    r.getSpec().setRegion(region);
    client.resource(r).create();
  }

  /** The resource as the API server has it, or null. */
  static PolarDBXDataSource pxds(KubernetesClient client, String namespace, String name) {
    return client.resources(PolarDBXDataSource.class).inNamespace(namespace).withName(name).get();
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
