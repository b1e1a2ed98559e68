package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/manifests/} is the chart rendered with its defaults, for {@code kubectl apply -f
 * deploy/crds -f deploy/manifests}. This test renders the chart and fails when the committed files
 * differ; {@code -Dregenerate=true} rewrites them.
 */
class ManifestsTest {

  static final Path DIR = Paths.get("deploy", "manifests");
  static final Path NAMESPACE_FILE = DIR.resolve("00-namespace.yaml");
  static final Path OPERATOR_FILE = DIR.resolve("10-operator.yaml");

  /** Labels that only make sense for a Helm release. */
  private static final Pattern HELM_ONLY_LABELS = Pattern.compile(
      "(?m)^\\s*(helm\\.sh/chart: .*|app\\.kubernetes\\.io/managed-by: Helm)\\n");

  private static final String HEADER = """
      # Generated from helm/oms-datasource-operator with its default values
      # (release %s, namespace %s), without Helm's own labels.
      # Do not edit: change the chart, then run
      #   mvn -B -o -q test -Dtest=ManifestsTest -Dregenerate=true
      # Install:  kubectl apply -f deploy/crds -f deploy/manifests
      """.formatted(Chart.RELEASE, Chart.NAMESPACE);

  static String expectedNamespace() {
    return HEADER + """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels:
            app.kubernetes.io/part-of: oms-datasource-operator
            # The operator pod meets the restricted Pod Security Standard.
            pod-security.kubernetes.io/enforce: restricted
        """.formatted(Chart.NAMESPACE);
  }

  static String expectedOperator() {
    String rendered = HELM_ONLY_LABELS.matcher(Chart.withDefaults().renderText()).replaceAll("");
    return HEADER + rendered.strip() + "\n";
  }

  @Test
  void manifestsAreTheChartsDefaults() {
    GoldenFile.check(NAMESPACE_FILE, expectedNamespace(), "ManifestsTest");
    GoldenFile.check(OPERATOR_FILE, expectedOperator(), "ManifestsTest");
  }

  @Test
  void manifestsInstallIntoTheirOwnNamespaceWithoutHelm() {
    List<HasMetadata> namespace = Chart.parse(GoldenFile.read(NAMESPACE_FILE));
    String operatorText = GoldenFile.read(OPERATOR_FILE);
    List<HasMetadata> operator = Chart.parse(operatorText);

    assertThat(namespace).singleElement().isInstanceOf(Namespace.class)
        .satisfies(n -> assertThat(n.getMetadata().getName()).isEqualTo(Chart.NAMESPACE));
    assertThat(operator).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");
    operator.stream().filter(o -> !o.getKind().startsWith("Cluster")).forEach(o ->
        assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(Chart.NAMESPACE));
    assertThat(operatorText).doesNotContain("helm.sh/", "managed-by: Helm", "{{", "RELEASE-NAME");
    assertThat(new Chart.Rendered(operator).envValue("LEADER_ELECTION_NAMESPACE"))
        .isEqualTo(Chart.NAMESPACE);
  }
}
