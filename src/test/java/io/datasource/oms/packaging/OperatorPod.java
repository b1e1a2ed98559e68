package io.datasource.oms.packaging;

import io.datasource.oms.config.LeaseTimings;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operator as a pod of a Deployment would run it, but in this JVM (no kubelet runs here): the
 * Deployment's environment ({@link PodEnvironment}, with the Secrets and ConfigMaps it references
 * read from the API server, as the kubelet would), and the Deployment's service account as its
 * identity (the admin impersonates it, so the API server enforces that account's RBAC).
 */
final class OperatorPod implements AutoCloseable {

  /** Short enough that a test sees renewals and take-overs within seconds. */
  static final LeaseTimings SHORT_LEASE =
      new LeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

  /** The configuration the Deployment's environment gives (as the operator reads it). */
  final OperatorConfig config;
  final String serviceAccount;
  private final TestOperator operator;
  private final Path root;

  private OperatorPod(KubeApi kube, Deployment deployment) {
    String namespace = deployment.getMetadata().getNamespace();
    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    serviceAccount = "system:serviceaccount:" + namespace + ":" + account;
    try {
      root = Files.createTempDirectory("pod");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PodEnvironment kubelet = new PodEnvironment(mountable(kube.admin(), namespace), root);
    Map<String, String> env = new LinkedHashMap<>(kubelet.resolve(deployment, namespace));
    // Several operators may run in this JVM: free ports instead of the pod's fixed ones.
    env.put("HEALTH_PORT", "0");
    env.put("METRICS_PORT", "0");
    config = OperatorConfig.fromEnvironment(env);
    operator = TestOperator.on(kube).env(env).leaseTimings(SHORT_LEASE)
        .client(() -> kube.clientAs(namespace, account)).build();
  }

  /** Starts the operator of this Deployment; returns once its informers have synced. */
  static OperatorPod start(KubeApi kube, Deployment deployment) {
    OperatorPod pod = new OperatorPod(kube, deployment);
    try {
      String podName = pod.config.leaderElection().identity();
      pod.operator.start(podName);
      return pod;
    } catch (RuntimeException e) {
      pod.close();
      throw e;
    }
  }

  /** Starts and stops the operator; returns why it could not start, or null when it started. */
  static RuntimeException startFailure(KubeApi kube, Deployment deployment) {
    try (OperatorPod pod = start(kube, deployment)) {
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  OperatorRuntime runtime() {
    return operator.current();
  }

  /** Stops the operator (releasing its Lease), as on SIGTERM. Idempotent. */
  @Override
  public void close() {
    operator.close();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Secrets' and ConfigMaps' contents of the namespace, by name: what a pod may mount. */
  private static Map<String, Map<String, String>> mountable(KubernetesClient admin, String ns) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Secret s : admin.secrets().inNamespace(ns).list().getItems()) {
      Map<String, String> data = new HashMap<>();
      if (s.getData() != null) {
        s.getData().forEach((k, v) -> data.put(k,
            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
      }
      out.put(s.getMetadata().getName(), data);
    }
    for (ConfigMap c : admin.configMaps().inNamespace(ns).list().getItems()) {
      out.putIfAbsent(c.getMetadata().getName(),
          c.getData() == null ? Map.of() : new HashMap<>(c.getData()));
    }
    return out;
  }
}
