package io.datasource.oms.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.datasource.oms.testing.KubeApi;
import java.nio.file.Path;
import java.util.Map;

/**
 * One Helm release on a real API server, driven by real Helm (helm-java) with the admin
 * kubeconfig, as a user runs {@code helm install/upgrade/uninstall -n <namespace>}.
 */
final class HelmRelease {

  private final KubeApi kube;
  private final String name;
  private final String namespace;

  HelmRelease(KubeApi kube, String name, String namespace) {
    this.kube = kube;
    this.name = name;
    this.namespace = namespace;
  }

  /** {@code helm install <name> <chart> -n <namespace> --set ...} (CRDs from the chart's crds/). */
  Release install(Path chart, Map<String, Object> values) {
    InstallCommand install = new Helm(chart).install().withName(name).withNamespace(namespace)
        .withKubeConfigContents(kube.server().kubeconfigYaml());
    values.forEach(install::set);
    return install.call();
  }

  /** {@code helm upgrade <name> <chart> -n <namespace> --set ...} (Helm leaves crds/ alone). */
  Release upgrade(Path chart, Map<String, Object> values) {
    UpgradeCommand upgrade = new Helm(chart).upgrade().withName(name).withNamespace(namespace)
        .withKubeConfigContents(kube.server().kubeconfigYaml());
    values.forEach(upgrade::set);
    return upgrade.call();
  }

  /** {@code helm uninstall <name> -n <namespace>}. */
  String uninstall() {
    return Helm.uninstall(name).withNamespace(namespace)
        .withKubeConfigContents(kube.server().kubeconfigYaml()).call();
  }
}
