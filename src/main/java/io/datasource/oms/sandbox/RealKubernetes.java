package io.datasource.oms.sandbox;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd and kube-apiserver on loopback, started by Fabric8 kube-api-test from its binaries
 * folder ({@code KUBE_API_TEST_DIR}, or {@code ~/.kubeapitest}; kube-api-test downloads the
 * binaries there once on a machine with internet). RBAC authorisation is on; {@link #adminClient()}
 * is in {@code system:masters}. No controller-manager runs: deleted namespaces stay Terminating and
 * owner references are not garbage-collected.
 *
 * <p>The sandbox and the integration tests share this class, so that both meet the same server.
 */
public final class RealKubernetes implements AutoCloseable {

  /** How long to wait for a CRD to be Established. */
  private static final Duration CRD_ESTABLISHED = Duration.ofSeconds(30);

  private final KubeAPIServer server;
  private final String kubeconfigYaml;
  private final Config config;
  private final KubernetesClient adminClient;
  private final String version;
  private final Thread stopOnExit;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Duration closeGraceOnExit = Duration.ZERO;

  private RealKubernetes(KubeAPIServer server, String version) {
    this.server = server;
    this.version = version;
    this.kubeconfigYaml = server.getKubeConfigYaml();
    this.config = Config.fromKubeconfig(kubeconfigYaml);
    this.config.setRequestTimeout(30_000);
    this.config.setConnectionTimeout(10_000);
    this.adminClient = newClient(config);
    // kube-api-test registers no hook: without this a killed JVM leaves etcd and the server behind.
    this.stopOnExit = new Thread(this::stopOnExit, "kube-api-server-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  private void stopOnExit() {
    try {
      if (closed.await(closeGraceOnExit.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
  }

  /**
   * For an owner that closes this server on its own way out (e.g. after stopping an operator
   * that watches it): at JVM exit, wait up to this long for {@link #close()} before stopping the
   * server, instead of stopping it under the owner's open watches. Default zero.
   */
  public void closeGraceOnExit(Duration grace) {
    this.closeGraceOnExit = grace;
  }

  /**
   * Starts a server of this version pattern (e.g. {@code 1.26.*}), or the newest present when
   * {@code version} is null. Blocks until the server answers.
   *
   * @param extraFlags further kube-apiserver flags as {@code --name=value} or {@code --name}
   */
  public static RealKubernetes start(String version, List<String> extraFlags) {
    return start(version, extraFlags, null, false);
  }

  /**
   * As {@link #start(String, List)}, with the binaries folder given here rather than by
   * {@code KUBE_API_TEST_DIR}.
   *
   * @param binaries the binaries folder, or null for kube-api-test's own choice
   * @param offline true: fail at once when the binaries are missing instead of downloading them
   */
  public static RealKubernetes start(String version, List<String> extraFlags, Path binaries,
      boolean offline) {
    KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withUpdateKubeConfig(false)
        .withApiServerFlag("--bind-address", "127.0.0.1");
    if (binaries != null) {
      builder.withTestDir(binaries.toAbsolutePath().toString());
    }
    if (offline) {
      builder.withOfflineMode(true);
    }
    if (version != null) {
      builder.withApiServerVersion(version);
    }
    for (String flag : extraFlags) {
      int eq = flag.indexOf('=');
      if (eq < 0) {
        builder.withApiServerFlag(flag);
      } else {
        builder.withApiServerFlag(flag.substring(0, eq), flag.substring(eq + 1));
      }
    }
    KubeAPIServer server = new KubeAPIServer(builder.build());
    server.start();
    return new RealKubernetes(server, version);
  }

  /** The binaries folder kube-api-test reads (its environment variable, else its default). */
  public static Path binariesDir() {
    String dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    if (dir == null || dir.isBlank()) {
      return Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
    }
    return Path.of(dir);
  }

  /**
   * The Kubernetes versions whose binaries are present in {@link #binariesDir()}, oldest first
   * (e.g. {@code 1.26.0}); empty when none are (kube-api-test then downloads on first start).
   */
  public static List<String> presentVersions() {
    return presentVersions(binariesDir());
  }

  /** As {@link #presentVersions()}, for this binaries folder. */
  public static List<String> presentVersions(Path binaries) {
    Path k8s = binaries.resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(k8s)) {
      return dirs.filter(d -> Files.isExecutable(d.resolve("kube-apiserver"))
              && Files.exists(d.resolve("etcd")))
          .map(d -> d.getFileName().toString())
          .map(n -> n.contains("-") ? n.substring(0, n.indexOf('-')) : n)
          .sorted(Comparator.comparing(RealKubernetes::versionKey))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Numeric sort key of {@code major.minor.patch}. */
  public static long versionKey(String version) {
    String[] parts = version.split("\\.");
    long key = 0;
    for (int i = 0; i < 3; i++) {
      long part = i < parts.length && parts[i].matches("\\d+") ? Long.parseLong(parts[i]) : 0;
      key = key * 10_000 + part;
    }
    return key;
  }

  /** The version pattern this server was asked for, or empty for the newest present. */
  public Optional<String> requestedVersion() {
    return Optional.ofNullable(version);
  }

  /** The server's own version, as discovery reports it (e.g. {@code v1.26.0}). */
  public String serverVersion() {
    return adminClient.getKubernetesVersion().getGitVersion();
  }

  /** A kubeconfig for the admin identity (client certificate in {@code system:masters}). */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** A copy of the admin client configuration. */
  public Config clientConfig() {
    return Config.fromKubeconfig(kubeconfigYaml);
  }

  /** The admin client; owned by this object. */
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** A new client for this configuration on OkHttp, the operator's transport; the caller closes it. */
  public static KubernetesClient newClient(Config config) {
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new OkHttpClientFactory()).build();
  }

  /** Creates the namespace unless it exists. */
  public void ensureNamespace(String name) {
    adminClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).createOr(NonDeletingOperation::update);
  }

  /**
   * Creates or updates every object of these YAML files (as {@code kubectl apply -f} does for
   * CRDs) and waits until each CRD among them is Established.
   */
  public void apply(List<Path> files) {
    List<String> crds = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        crds.addAll(createOrUpdate(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    awaitEstablished(crds);
  }

  /** As {@link #apply(List)}, for YAML read from a stream (e.g. a class-path resource). */
  public void apply(InputStream yaml) {
    awaitEstablished(createOrUpdate(yaml));
  }

  /** Creates or updates each object; returns the names of the CRDs among them. */
  private List<String> createOrUpdate(InputStream yaml) {
    List<String> crds = new ArrayList<>();
    for (HasMetadata item : adminClient.load(yaml).items()) {
      adminClient.resource(item).createOr(NonDeletingOperation::update);
      if (item instanceof CustomResourceDefinition) {
        crds.add(item.getMetadata().getName());
      }
    }
    return crds;
  }

  private void awaitEstablished(List<String> crds) {
    for (String crd : crds) {
      adminClient.apiextensions().v1().customResourceDefinitions().withName(crd)
          .waitUntilCondition(c -> c != null && c.getStatus() != null
              && c.getStatus().getConditions() != null // none written yet
              && c.getStatus().getConditions().stream().anyMatch(cond ->
                  "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
              CRD_ESTABLISHED.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Every {@code .yml}/{@code .yaml} file directly in this folder, by name. */
  public static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Writes the admin kubeconfig, with this default namespace, for kubectl or any client. */
  public void writeKubeconfig(Path file, String namespace) {
    String yaml = kubeconfigYaml;
    if (namespace != null) {
      // kube-api-test's kubeconfig has one context, whose namespace is "default".
      yaml = yaml.contains("namespace:")
          ? yaml.replaceFirst("(?m)^(\\s*)namespace: .*$", "$1namespace: " + namespace)
          : yaml.replaceFirst("(?m)^(\\s*)cluster: (.*)$", "$1cluster: $2\n$1namespace: "
              + namespace);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    adminClient.close();
    server.stop();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway; stop() is idempotent enough for a second call
    }
  }
}
