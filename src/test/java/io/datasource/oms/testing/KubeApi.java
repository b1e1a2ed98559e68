package io.datasource.oms.testing;

import io.datasource.oms.sandbox.RealKubernetes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Kubernetes API servers of the test JVM: one per version, started on first use and
 * stopped when the JVM exits, with the CRDs installed as users install them ({@code kubectl apply
 * -f deploy/crds/}). Tests share a server and keep apart by namespace ({@link #namespace(String)}
 * makes a fresh one each call): with no controller-manager a deleted namespace never goes away,
 * so no name is used twice.
 */
public final class KubeApi implements AutoCloseable {

  /** Where the CRDs users install live. */
  public static final Path CRDS = Path.of("deploy", "crds");

  private static final Map<String, KubeApi> SERVERS = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final RealKubernetes server;

  private KubeApi(RealKubernetes server) {
    this.server = server;
  }

  /** The newest server present, with the CRDs installed. */
  public static KubeApi shared() {
    return of(null);
  }

  /**
   * The server of this version pattern (e.g. {@code 1.26.*}; null for the newest present), with
   * the CRDs installed.
   */
  public static KubeApi of(String version) {
    return SERVERS.computeIfAbsent(version == null ? "" : version, v -> {
      RealKubernetes server = RealKubernetes.start(version, List.of());
      server.apply(RealKubernetes.yamlFiles(CRDS));
      return new KubeApi(server);
    });
  }

  /**
   * A server of its own (not shared; the caller closes it), for tests that need flags the shared
   * one lacks (e.g. an audit log) or that change cluster-wide state such as the CRD itself.
   *
   * @param version a version pattern, or null for the newest present
   * @param flags further kube-apiserver flags, as {@link RealKubernetes#start}
   * @param installCrds whether to apply {@link #CRDS} first (false: the test installs a CRD)
   */
  public static KubeApi dedicated(String version, List<String> flags, boolean installCrds) {
    RealKubernetes server = RealKubernetes.start(version, flags);
    if (installCrds) {
      server.apply(RealKubernetes.yamlFiles(CRDS));
    }
    return new KubeApi(server);
  }

  /** Stops a {@link #dedicated} server; a shared one is left running for the other tests. */
  @Override
  public void close() {
    if (!SERVERS.containsValue(this)) {
      server.close();
    }
  }

  public RealKubernetes server() {
    return server;
  }

  /** The admin client (system:masters); shared, never close it. */
  public KubernetesClient admin() {
    return server.adminClient();
  }

  /** A copy of the admin configuration, e.g. to give an operator a client of its own. */
  public Config config() {
    return server.clientConfig();
  }

  /** A new admin client the caller owns and closes. */
  public KubernetesClient newClient() {
    return RealKubernetes.newClient(config());
  }

  /**
   * A new client that acts as this service account (the admin impersonates it, so the API server
   * authorises every request with the service account's own RBAC rules). The caller closes it.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    return RealKubernetes.newClient(configAs(namespace, serviceAccount));
  }

  /** The configuration of {@link #clientAs}, e.g. to adjust it before building a client. */
  public Config configAs(String namespace, String serviceAccount) {
    Config c = config();
    c.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    c.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
        "system:authenticated");
    return c;
  }

  /** Creates and returns a namespace never used before in this JVM, named after {@code hint}. */
  public String namespace(String hint) {
    String base = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
        .replaceAll("-+", "-").replaceAll("^-|-$", "");
    String suffix = "-" + NAMESPACES.incrementAndGet();
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length()).replaceAll("-$", "");
    }
    String name = (base.isEmpty() ? "t" : base) + suffix;
    server.ensureNamespace(name);
    return name;
  }
}
