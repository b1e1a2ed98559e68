package io.datasource.oms.sandbox;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A real kube-apiserver (kube-api-test) set up as users set up a cluster: the CRD applied from the
 * generated file, and the operator authenticated as a service account of its own, bound to the
 * chart's ClusterRole, so that the sandbox's operator has exactly the permissions the chart grants.
 */
final class RealSandboxApi implements SandboxApi {

  /** The operator's service account (in the sandbox namespace). */
  static final String SERVICE_ACCOUNT = "oms-datasource-operator";
  static final String OPERATOR_USER =
      "system:serviceaccount:" + Sandbox.NAMESPACE + ":" + SERVICE_ACCOUNT;
  /** The generated CRD, on the class path so that {@code java -jar} works from any folder. */
  static final String CRD_RESOURCE = "META-INF/fabric8/"
      + HasMetadata.getPlural(PolarDBXDataSource.class) + "."
      + HasMetadata.getGroup(PolarDBXDataSource.class) + "-v1.yml";
  /** The chart rendered with its defaults (deploy/manifests), copied to the class path. */
  static final String CHART_MANIFEST = "oms-datasource-operator/manifests/10-operator.yaml";
  /**
   * The chart's connections ClusterRole (rendered with connections.enabled=true; the sandbox's
   * operator serves OmsConnections). SandboxConnectionsRoleTest keeps it equal to the chart's.
   */
  static final String CONNECTIONS_ROLE = "oms-datasource-operator/sandbox/connections-clusterrole.yaml";
  static final String CONNECTION_CRD_RESOURCE = "META-INF/fabric8/omsconnections.oms.datasource.io-v1.yml";

  private static final int RBAC_WAIT_MILLIS = 10_000;

  private final RealKubernetes kubernetes;
  private final Path binaries;
  private final String operatorToken;

  private RealSandboxApi(RealKubernetes kubernetes, Path binaries, String operatorToken) {
    this.kubernetes = kubernetes;
    this.binaries = binaries;
    this.operatorToken = operatorToken;
  }

  /**
   * Starts the server (throws when it cannot, e.g. no binaries and no download) and prepares it.
   *
   * @param dir the sandbox's folder; the operator's token file goes there
   * @param binaries the binaries folder, or null for kube-api-test's choice
   * @param offline true: no download attempt
   */
  static RealSandboxApi start(Path dir, Path binaries, boolean offline) {
    return start(dir, binaries, offline, List.of());
  }

  /** As {@link #start(Path, Path, boolean)}, with further API server flags (e.g. an audit log). */
  static RealSandboxApi start(Path dir, Path binaries, boolean offline, List<String> extraFlags) {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    Path tokenFile = writePrivate(dir.resolve("operator-token.csv"), token + "," + OPERATOR_USER
        + ",oms-sandbox-operator,\"system:serviceaccounts,system:serviceaccounts:"
        + Sandbox.NAMESPACE + "\"\n");
    RealKubernetes kubernetes;
    try {
      List<String> flags = new java.util.ArrayList<>(extraFlags);
      flags.add("--token-auth-file=" + tokenFile.toAbsolutePath());
      kubernetes = RealKubernetes.start(null, flags, binaries, offline);
    } catch (RuntimeException e) {
      Path folder = binaries == null ? RealKubernetes.binariesDir() : binaries;
      if (!RealKubernetes.presentVersions(folder).isEmpty()) {
        throw e; // binaries that do not start are a fault to see, not a reason for the mock
      }
      throw new Unavailable("no binaries in " + folder.toAbsolutePath()
          + (offline ? "" : " and the download failed") + ": " + Unavailable.rootCause(e), e);
    }
    // The sandbox stops its operator before the server; on Ctrl+C too (OperatorMain's hook).
    kubernetes.closeGraceOnExit(Duration.ofSeconds(20));
    RealSandboxApi api = new RealSandboxApi(kubernetes,
        binaries == null ? RealKubernetes.binariesDir() : binaries, token);
    try {
      api.prepare();
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  /** No server could be started: no binaries, and none could be downloaded. */
  static final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    /** The root cause's type and the first line of its message, e.g. an unknown host. */
    static String rootCause(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String text = root.getClass().getSimpleName() + (root.getMessage() == null ? ""
          : ": " + root.getMessage().lines().findFirst().orElse("").strip());
      return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
  }

  private void prepare() {
    kubernetes.apply(crd());
    kubernetes.apply(crd(CONNECTION_CRD_RESOURCE));
    kubernetes.ensureNamespace(Sandbox.NAMESPACE);
    KubernetesClient admin = kubernetes.adminClient();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(SERVICE_ACCOUNT)
        .withNamespace(Sandbox.NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    bind(admin, chartClusterRole(admin, CHART_MANIFEST));
    bind(admin, chartClusterRole(admin, CONNECTIONS_ROLE));
    awaitBindingEffective(admin);
  }

  private static void bind(KubernetesClient admin, ClusterRole role) {
    admin.resource(role).createOr(NonDeletingOperation::update);
    admin.resource(new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(role.getMetadata().getName() + "-sandbox").endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(role.getMetadata().getName()).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(SERVICE_ACCOUNT)
        .withNamespace(Sandbox.NAMESPACE).endSubject()
        .build()).createOr(NonDeletingOperation::update);
  }

  private static ClusterRole chartClusterRole(KubernetesClient admin, String manifest) {
    try (InputStream in = resource(manifest)) {
      return admin.load(in).items().stream()
          .filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "no ClusterRole in the class-path resource " + manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * RBAC reaches the authorizer through its own informers: ask it until the operator may list the
   * resources, so that the operator does not start into a 403.
   */
  private void awaitBindingEffective(KubernetesClient admin) {
    long deadline = System.nanoTime() + RBAC_WAIT_MILLIS * 1_000_000L;
    while (true) {
      SubjectAccessReview review = admin.authorization().v1().subjectAccessReview()
          .create(new SubjectAccessReviewBuilder().withNewSpec().withUser(OPERATOR_USER)
              .withNewResourceAttributes().withGroup(HasMetadata.getGroup(PolarDBXDataSource.class))
              .withResource(HasMetadata.getPlural(PolarDBXDataSource.class)).withVerb("list")
              .endResourceAttributes().endSpec().build());
      if (Boolean.TRUE.equals(review.getStatus().getAllowed())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(OPERATOR_USER + " may not list the resources although"
            + " the chart's ClusterRole is bound to it: " + review.getStatus().getReason());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for RBAC", e);
      }
    }
  }

  /**
   * The generated CRD. {@code mvn compile} stops before the generator runs (process-classes): then
   * the committed copy in {@code deploy/crds/}, which CrdDriftTest keeps identical, when run from
   * the repository.
   */
  private static InputStream crd() {
    return crd(CRD_RESOURCE);
  }

  private static InputStream crd(String crdResource) {
    InputStream in = RealSandboxApi.class.getClassLoader().getResourceAsStream(crdResource);
    if (in != null) {
      return in;
    }
    Path committed = Path.of("deploy", "crds", crdResource.substring(crdResource.lastIndexOf('/') + 1));
    try {
      return Files.newInputStream(committed);
    } catch (IOException e) {
      throw new IllegalStateException("the CRD is neither on the class path (" + crdResource
          + ") nor in " + committed.toAbsolutePath(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = RealSandboxApi.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("class-path resource " + name + " is missing (build with"
          + " mvn compile, which generates and copies it)");
    }
    return in;
  }

  @Override
  public String describe() {
    return "Kubernetes API: a real kube-apiserver " + kubernetes.serverVersion() + " (kube-api-test,"
        + " binaries in " + binaries.toAbsolutePath() + "), on " + url();
  }

  @Override
  public String url() {
    return kubernetes.clientConfig().getMasterUrl().replaceAll("/$", "");
  }

  @Override
  public boolean servesKubectl() {
    return true;
  }

  @Override
  public KubernetesClient adminClient() {
    return kubernetes.adminClient();
  }

  @Override
  public void writeKubeconfigs(Path dir) {
    kubernetes.writeKubeconfig(dir.resolve(KUBECONFIG), Sandbox.NAMESPACE);
    writePrivate(dir.resolve(OPERATOR_KUBECONFIG), operatorKubeconfig());
  }

  /** The admin kubeconfig's server and CA, with the operator's token as the user. */
  private String operatorKubeconfig() {
    Config admin = kubernetes.clientConfig();
    String ca = admin.getCaCertFile() != null
        ? "    certificate-authority: " + admin.getCaCertFile()
        : "    certificate-authority-data: " + admin.getCaCertData();
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: oms-sandbox",
        "  cluster:",
        ca,
        "    server: " + url(),
        "users:",
        "- name: " + SERVICE_ACCOUNT,
        "  user:",
        "    token: " + operatorToken,
        "contexts:",
        "- name: " + SERVICE_ACCOUNT,
        "  context:",
        "    cluster: oms-sandbox",
        "    user: " + SERVICE_ACCOUNT,
        "    namespace: " + Sandbox.NAMESPACE,
        "current-context: " + SERVICE_ACCOUNT,
        "");
  }

  @Override
  public KubernetesClient newOperatorClient() {
    Config config = Config.fromKubeconfig(operatorKubeconfig());
    config.setRequestTimeout(30_000);
    config.setConnectionTimeout(10_000);
    return RealKubernetes.newClient(config);
  }

  @Override
  public void close() {
    kubernetes.close();
  }

  /** Writes a file only its owner may read: it holds a credential. */
  private static Path writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      Files.createFile(file);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // e.g. Windows: the folder's permissions apply
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
