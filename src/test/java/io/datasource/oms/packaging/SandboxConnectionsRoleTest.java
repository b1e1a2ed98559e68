package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's operator serves OmsConnections, so it is bound to the chart's connections
 * ClusterRole as well as the default one. deploy/manifests is the chart with its defaults
 * (connections off), so the sandbox reads that role from its own class-path copy, which this test
 * keeps equal to the chart's rendering with {@code connections.enabled=true};
 * {@code -Dregenerate=true} rewrites it.
 */
class SandboxConnectionsRoleTest {

  static final Path FILE = Path.of("src", "main", "resources", "oms-datasource-operator",
      "sandbox", "connections-clusterrole.yaml");

  private static final Pattern HELM_ONLY_LABELS = Pattern.compile(
      "(?m)^\\s*(\"?helm\\.sh/chart\"?: .*|\"?app\\.kubernetes\\.io/managed-by\"?: \"?Helm\"?)\\n");

  @Test
  void theSandboxGrantsTheChartsConnectionsClusterRole() {
    List<HasMetadata> roles = Chart.withDefaults().set("connections.enabled", true).render()
        .ofKind("ClusterRole").stream()
        .filter(r -> r.getMetadata().getName().endsWith("-connections")).toList();
    assertThat(roles).hasSize(1);
    ClusterRole role = (ClusterRole) roles.get(0);
    assertThat(role.getRules()).isNotEmpty();
    String expected = """
        # The chart's connections ClusterRole (connections.enabled=true), without Helm's own labels,
        # for the sandbox's operator. Do not edit: change the chart, then run
        #   mvn -B -o -q test -Dtest=SandboxConnectionsRoleTest -Dregenerate=true
        """ + HELM_ONLY_LABELS.matcher(Serialization.asYaml(role)).replaceAll("");
    GoldenFile.check(FILE, expected, "SandboxConnectionsRoleTest");
  }
}
