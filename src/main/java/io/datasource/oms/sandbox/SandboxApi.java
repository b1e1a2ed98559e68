package io.datasource.oms.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The sandbox's Kubernetes API: a real kube-apiserver ({@link RealSandboxApi}) or, where no
 * binaries can be had, the Fabric8 CRUD mock ({@link EmbeddedKubernetes}), with the CRD installed.
 */
public interface SandboxApi extends AutoCloseable {

  /** The kubeconfig for users and kubectl, under the sandbox's folder. */
  String KUBECONFIG = "kubeconfig";
  /** The kubeconfig with the operator's own identity, under the sandbox's folder. */
  String OPERATOR_KUBECONFIG = "operator-kubeconfig";

  /** One line saying which API server this is; the first line of the sandbox's output. */
  String describe();

  /** The API server's URL. */
  String url();

  /** Whether kubectl can work against it (discovery, tables, OpenAPI). */
  boolean servesKubectl();

  /** The sandbox's own client (applying examples, reading status); owned by this object. */
  KubernetesClient adminClient();

  /** Writes {@link #KUBECONFIG} and {@link #OPERATOR_KUBECONFIG} into this folder. */
  void writeKubeconfigs(Path dir);

  /** A new client with the operator's identity, as {@link #OPERATOR_KUBECONFIG} gives it. */
  KubernetesClient newOperatorClient();

  @Override
  void close();
}
