package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart rendered by real Helm: lint, defaults, and the non-default shapes users pick. */
class HelmChartTest {

  @Test
  void passesStrictLint() {
    LintResult result = new Helm(Chart.DIR).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsInstallTheObjectsOfAClusterWideOperator() {
    Chart.Rendered rendered = Chart.withDefaults().render();

    assertThat(rendered.objects()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service");
    rendered.objects().stream()
        .filter(o -> !o.getKind().startsWith("Cluster"))
        .forEach(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind())
            .isEqualTo(Chart.NAMESPACE));
    assertThat(rendered.envValue("LEADER_ELECTION_ENABLED")).isEqualTo("false");
    assertThat(rendered.env()).doesNotContainKeys("WATCH_NAMESPACES", "OMS_USERNAME", "OMS_PASSWORD");
    assertThat(rendered.deployment().getSpec().getStrategy().getType())
        .as("one pod without leader election must never overlap its successor")
        .isEqualTo("Recreate");
  }

  @Test
  void defaultImageIsWhatTheImageProfileBuilds() {
    Container container = container(Chart.withDefaults().render());

    assertThat(container.getImage()).isEqualTo(PomImage.read().reference());
  }

  @Test
  void defaultPodIsLockedDown() {
    Chart.Rendered rendered = Chart.withDefaults().render();
    PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
    Container container = container(rendered);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getVolumeMounts())
        .as("a writable /tmp on a read-only root filesystem")
        .anyMatch(m -> m.getMountPath().equals("/tmp") && !Boolean.TRUE.equals(m.getReadOnly()));
  }

  @Test
  void probesHitTheProgramsHealthEndpointsOnTheConfiguredPort() {
    Chart.Rendered rendered = Chart.withDefaults().set("health.port", 9091).render();
    Container container = container(rendered);

    assertThat(rendered.envValue("HEALTH_PORT")).isEqualTo("9091");
    assertThat(container.getPorts()).anyMatch(p -> p.getName().equals("health")
        && p.getContainerPort() == 9091);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void podIdentityComesFromTheDownwardApi() {
    Map<String, EnvVar> env = Chart.withDefaults().render().env();

    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get("LEADER_ELECTION_NAMESPACE").getValue()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void omsCredentialsComeFromTheExistingSecretMountedAsFiles() {
    Chart.Rendered rendered = Chart.withDefaults().render();
    PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
    Volume volume = pod.getVolumes().stream()
        .filter(v -> v.getSecret() != null).findFirst().orElseThrow();
    var mount = container(rendered).getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow();

    assertThat(volume.getSecret().getSecretName()).isEqualTo("oms-credentials");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(rendered.envValue("OMS_USERNAME_FILE")).isEqualTo(mount.getMountPath() + "/username");
    assertThat(rendered.envValue("OMS_PASSWORD_FILE")).isEqualTo(mount.getMountPath() + "/password");
    assertThat(rendered.ofKind("Secret")).as("the chart must not own the user's Secret").isEmpty();
  }

  @Test
  void omsCredentialsFromValuesBecomeAChartSecret() {
    Chart.Rendered rendered = Chart.withDefaults()
        .set("oms.credentials.create", true)
        .set("oms.credentials.username", "oms-admin")
        .set("oms.credentials.password", "s3cr:et")
        .render();
    Secret secret = rendered.single("Secret", Secret.class);
    PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();

    assertThat(decode(secret.getData().get("username"))).isEqualTo("oms-admin");
    assertThat(decode(secret.getData().get("password"))).isEqualTo("s3cr:et");
    assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null
        && v.getSecret().getSecretName().equals(secret.getMetadata().getName()));
    assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .as("pods restart when the chart's Secret changes")
        .containsKey("checksum/oms-credentials");
    assertThat(rendered.deployment().toString()).doesNotContain("s3cr:et");
  }

  @Test
  void omsCredentialsCanComeFromEnvironmentVariables() {
    Map<String, EnvVar> env = Chart.withDefaults().set("oms.credentials.mode", "env").render().env();

    assertThat(env.get("OMS_USERNAME").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("oms-credentials");
    assertThat(env.get("OMS_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(env).doesNotContainKeys("OMS_USERNAME_FILE", "OMS_PASSWORD_FILE");
  }

  @Test
  void namespaceListGivesARolePerNamespaceAndNoClusterRole() {
    Chart.Rendered clusterWide = Chart.withDefaults().render();
    Chart.Rendered rendered = Chart.withDefaults().setList("watchNamespaces", List.of("team-a", "team-b")).render();

    assertThat(rendered.ofKind("ClusterRole")).isEmpty();
    assertThat(rendered.ofKind("ClusterRoleBinding")).isEmpty();
    List<Role> roles = rendered.ofKind("Role").stream().map(Role.class::cast).toList();
    assertThat(roles).extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    ClusterRole clusterRole = clusterWide.single("ClusterRole", ClusterRole.class);
    roles.forEach(r -> assertThat(r.getRules()).isEqualTo(clusterRole.getRules()));
    List<RoleBinding> bindings = rendered.ofKind("RoleBinding").stream()
        .map(RoleBinding.class::cast).toList();
    assertThat(bindings).extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    String serviceAccount = rendered.deployment().getSpec().getTemplate().getSpec()
        .getServiceAccountName();
    bindings.forEach(b -> {
      assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(b.getRoleRef().getName()).isEqualTo(roles.get(0).getMetadata().getName());
      assertThat(b.getSubjects()).singleElement().satisfies(s -> {
        assertThat(s.getName()).isEqualTo(serviceAccount);
        assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
      });
    });
    assertThat(rendered.envValue("WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
  }

  @Test
  void clusterRoleIsBoundToTheOperatorsServiceAccount() {
    Chart.Rendered rendered = Chart.withDefaults().render();
    ClusterRoleBinding binding = rendered.single("ClusterRoleBinding", ClusterRoleBinding.class);
    String serviceAccount = rendered.deployment().getSpec().getTemplate().getSpec()
        .getServiceAccountName();

    assertThat(rendered.ofKind("ServiceAccount")).singleElement()
        .satisfies(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(serviceAccount));
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(rendered.single("ClusterRole", ClusterRole.class).getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo(serviceAccount);
      assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
    });
  }

  @Test
  void twoReplicasForceLeaderElectionAndAddADisruptionBudget() {
    Chart.Rendered rendered = Chart.withDefaults()
        .set("replicas", 2)
        .set("leaderElection.enabled", false)
        .render();
    Deployment deployment = rendered.deployment();
    PodDisruptionBudget pdb = rendered.single("PodDisruptionBudget", PodDisruptionBudget.class);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(rendered.envValue("LEADER_ELECTION_ENABLED")).isEqualTo("true");
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    Role lease = leaseRole(rendered);
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(lease.getRules()).allSatisfy(r -> {
      assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
      assertThat(r.getResources()).containsExactly("leases");
    });
  }

  @Test
  void oneReplicaHasNoDisruptionBudgetAndNoLeaseAccess() {
    Chart.Rendered rendered = Chart.withDefaults().render();

    assertThat(rendered.ofKind("PodDisruptionBudget")).isEmpty();
    assertThat(rendered.ofKind("Role")).isEmpty();
  }

  @Test
  void leaseRoleFollowsTheConfiguredLease() {
    Chart.Rendered rendered = Chart.withDefaults()
        .set("leaderElection.enabled", true)
        .set("leaderElection.leaseName", "payments-operator")
        .set("leaderElection.namespace", "ops")
        .render();
    Role lease = leaseRole(rendered);

    assertThat(lease.getMetadata().getNamespace()).isEqualTo("ops");
    assertThat(lease.getRules()).filteredOn(r -> !r.getResourceNames().isEmpty())
        .allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("payments-operator"));
    assertThat(rendered.ofKind("RoleBinding")).singleElement()
        .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo("ops"));
    assertThat(rendered.envValue("LEADER_ELECTION_NAMESPACE")).isEqualTo("ops");
    assertThat(rendered.envValue("LEADER_ELECTION_LEASE_NAME")).isEqualTo("payments-operator");
    assertThat(rendered.deployment().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
  }

  @Test
  void serviceMonitorScrapesTheMetricsService() {
    Chart.Rendered rendered = Chart.withDefaults()
        .set("metrics.serviceMonitor.enabled", true)
        .set("metrics.serviceMonitor.labels.release", "kube-prometheus")
        .render();
    GenericKubernetesResource monitor = rendered.single("ServiceMonitor",
        GenericKubernetesResource.class);
    Service service = rendered.single("Service", Service.class);

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");
    Map<String, Object> matchLabels = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(
        matchLabels.entrySet().stream().collect(java.util.stream.Collectors.toMap(
            Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e).containsEntry("port", "metrics").containsEntry("path", "/metrics");
    });
    assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals("metrics"));
  }

  @Test
  void metricsServiceSelectsTheOperatorPodsOnTheMetricsPort() {
    Chart.Rendered rendered = Chart.withDefaults().set("metrics.port", 9090).render();
    Service service = rendered.single("Service", Service.class);

    assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics"));
    assertThat(container(rendered).getPorts())
        .anyMatch(p -> p.getName().equals("metrics") && p.getContainerPort() == 9090);
    assertThat(rendered.envValue("METRICS_PORT")).isEqualTo("9090");
  }

  @Test
  void schemaRejectsValuesTheProgramWouldRefuse() {
    assertThatThrownBy(() -> Chart.withDefaults().set("logging.format", "xml").renderText())
        .hasMessageContaining("/logging/format");
    assertThatThrownBy(() -> Chart.withDefaults().set("defaultDeletionPolicy", "Keep").renderText())
        .hasMessageContaining("/defaultDeletionPolicy");
    assertThatThrownBy(() -> Chart.withDefaults().set("retry.baseDelay", "soon").renderText())
        .hasMessageContaining("/retry/baseDelay");
    assertThatThrownBy(() -> Chart.withDefaults().set("oms.baseUrl", "oms:8089").renderText())
        .hasMessageContaining("/oms/baseUrl");
    assertThatThrownBy(() -> Chart.withDefaults().set("replicaCount", 2).renderText())
        .as("a misspelt value must not be silently ignored")
        .hasMessageContaining("replicaCount");
  }

  private static Role leaseRole(Chart.Rendered rendered) {
    return rendered.ofKind("Role").stream().map(Role.class::cast)
        .filter(r -> r.getRules().stream().anyMatch(x -> x.getResources().contains("leases")))
        .findFirst().orElseThrow(() -> new AssertionError("no Role on leases"));
  }

  private static Container container(Chart.Rendered rendered) {
    return rendered.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
