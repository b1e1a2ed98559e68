package io.datasource.oms.sandbox;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The Fabric8 CRUD mock API server on loopback, prepared for this operator: the CRD is installed
 * (so that the status subresource behaves as in a cluster), and SelfSubjectRulesReview, which the
 * mock cannot compute and JOSDK's leader election asks before it starts, answers "everything
 * allowed".
 *
 * <p>Only the sandbox's fallback uses it, where no kube-apiserver binaries can be had: it needs
 * nothing but the class path, and it is on the class path of the source tree's sandbox command
 * only (see {@code Sandbox.mockAvailable()}). It serves no discovery, so kubectl does not work
 * against it, and it enforces no schema, RBAC or server-side apply.
 */
public final class EmbeddedKubernetes implements SandboxApi {

  /**
   * The mock server logs every request through java.util.logging at INFO. Held here because JUL
   * keeps loggers only weakly: a level set on a collected logger is lost.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient adminClient;

  private EmbeddedKubernetes(KubernetesMockServer server) {
    this.server = server;
    this.adminClient = newClient();
  }

  /** Starts the server on a free loopback port (or {@code port}) and installs the CRD. */
  public static EmbeddedKubernetes start(int port) {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    // Expectations first (the rules review), everything else is CRUD.
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        responses, new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    server.expect().post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(new ResourceRuleBuilder()
                .addToApiGroups("*").addToResources("*").addToVerbs("*").build())
            .endStatus()
            .build())
        .always();
    EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server);
    kubernetes.installCrd();
    return kubernetes;
  }

  private void installCrd() {
    CustomResourceDefinition crd =
        CustomResourceDefinitionContext.v1CRDFromCustomResourceType(PolarDBXDataSource.class)
            .build();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (version.getSubresources() == null || version.getSubresources().getStatus() == null) {
        version.setSubresources(new io.fabric8.kubernetes.api.model.apiextensions.v1
            .CustomResourceSubresourcesBuilder().withNewStatus().endStatus().build());
      }
    }
    adminClient.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  @Override
  public String describe() {
    return "Kubernetes API: the Fabric8 CRUD mock server on " + url();
  }

  @Override
  public boolean servesKubectl() {
    return false;
  }

  /** Both files point at the mock; it authenticates nobody, so both identities are the same. */
  @Override
  public void writeKubeconfigs(Path dir) {
    writeKubeconfig(dir.resolve(KUBECONFIG));
    writeKubeconfig(dir.resolve(OPERATOR_KUBECONFIG));
  }

  @Override
  public KubernetesClient newOperatorClient() {
    return newClient();
  }

  /** The API server's URL, e.g. {@code http://127.0.0.1:34567}. */
  @Override
  public String url() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
  }

  /** A client configuration for this server (no kubeconfig involved). */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestTimeout(10_000)
        .withConnectionTimeout(5_000)
        .build();
  }

  /** A new client of this server; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig())
        .withHttpClientFactory(new OkHttpClientFactory()).build();
  }

  /** The client the sandbox uses for its own work (applying examples, reading status). */
  @Override
  public KubernetesClient adminClient() {
    return adminClient;
  }

  /** Writes a kubeconfig that points kubectl or any client at this server. */
  public void writeKubeconfig(Path file) {
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: oms-sandbox",
        "  cluster:",
        "    server: " + url(),
        "users:",
        "- name: oms-sandbox",
        "  user:",
        "    token: sandbox",
        "contexts:",
        "- name: oms-sandbox",
        "  context:",
        "    cluster: oms-sandbox",
        "    user: oms-sandbox",
        "    namespace: " + Sandbox.NAMESPACE,
        "current-context: oms-sandbox",
        "");
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
    server.destroy();
  }
}
