package io.datasource.oms.reliability;

import io.datasource.oms.config.LeaseTimings;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.testing.KubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator as production builds it ({@link OperatorRuntime} from an environment map, with
 * its rate limiter and metered client, an {@link HttpOmsClient} on the simulator), on the real API
 * server, one process at a time: {@link #kill()} stops the current one as a killed pod stops,
 * {@link #restart()} kills it and starts a new one with a new identity on the same API server.
 */
final class ProductionOperator implements AutoCloseable {

  /** Short lease timings, so that a successor takes over a killed leader's Lease quickly. */
  static final LeaseTimings SHORT_LEASE =
      new LeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));

  private final KubeApi kube;
  private final Map<String, String> environment;
  private OperatorRuntime current;
  private KubernetesClient currentClient;
  private int started;
  private int killed;

  ProductionOperator(KubeApi kube, Map<String, String> environment) {
    this.kube = kube;
    this.environment = Map.copyOf(environment);
  }

  /** An environment for namespace {@code ns}: ephemeral ports, leader election on, extras last. */
  static Map<String, String> environment(String omsUrl, String omsUser, String omsPassword,
      String ns, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("OMS_BASE_URL", omsUrl);
    env.put("OMS_USERNAME", omsUser);
    env.put("OMS_PASSWORD", omsPassword);
    env.put("WATCH_NAMESPACES", ns);
    env.put("HEALTH_PORT", "0");
    env.put("METRICS_PORT", "0");
    env.put("LEADER_ELECTION_ENABLED", "true");
    env.put("LEADER_ELECTION_NAMESPACE", ns);
    env.put("SHUTDOWN_TIMEOUT", "3s");
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  /** Starts a new operator process (returns once its informers synced, maybe as a standby). */
  synchronized OperatorRuntime start() {
    Map<String, String> env = new HashMap<>(environment);
    env.put("POD_NAME", "operator-" + (++started));
    OperatorConfig config = OperatorConfig.fromEnvironment(env);
    if (config.leaderElection().enabled()) {
      config = config.withLeaseTimings(SHORT_LEASE);
    }
    KubernetesClient client = kube.newClient();
    currentClient = client;
    current = OperatorRuntime.start(config, client, new HttpOmsClient(config.toOmsSettings()),
        InetAddress.getLoopbackAddress(), () -> { });
    return current;
  }

  /** Stops the current process as a killed pod: no graceful stop, no Lease release. */
  synchronized void kill() {
    if (current != null) {
      current.halt();
      current = null;
      killed++;
    }
  }

  synchronized OperatorRuntime restart() {
    kill();
    return start();
  }

  synchronized int kills() {
    return killed;
  }

  synchronized OperatorRuntime current() {
    return current;
  }

  /** Stops the current process gracefully, then closes its client. */
  @Override
  public synchronized void close() {
    if (current != null) {
      current.stop();
      currentClient.close();
      current = null;
    }
  }
}
