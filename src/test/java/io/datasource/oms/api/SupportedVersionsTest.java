package io.datasource.oms.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The oldest supported Kubernetes is one number: what the README promises, what the chart's
 * {@code kubeVersion} lets Helm install on, and the oldest version CrdOnEveryVersionIT tests.
 */
class SupportedVersionsTest {

  static final Path CHART = Path.of("helm", "oms-datasource-operator");
  private static final Pattern README_MINIMUM =
      Pattern.compile("Kubernetes (\\d+\\.\\d+)(?:\\.\\d+)? or later");

  @Test
  void readmeStatesTheFloorWhereverItNamesAMinimum() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> stated = new ArrayList<>();
    Matcher m = README_MINIMUM.matcher(readme);
    while (m.find()) {
      stated.add(m.group(1));
    }

    assertThat(stated).as("README's \"Kubernetes X.Y or later\"").isNotEmpty()
        .allSatisfy(v -> assertThat(v).as("README minimum").isEqualTo(KubernetesFloor.VERSION));
  }

  @Test
  void chartKubeVersionIsTheFloorAndHelmEnforcesIt() throws Exception {
    JsonNode chart = new YAMLMapper().readTree(CHART.resolve("Chart.yaml").toFile());
    int below = KubernetesFloor.MINOR - 1;

    assertThat(chart.path("kubeVersion").asText())
        .as("pre-releases (-0) count, so that e.g. 1.26.0-eks matches")
        .isEqualTo(">=" + KubernetesFloor.VERSION + ".0-0");
    assertThat(render(KubernetesFloor.VERSION + ".0")).contains("kind: Deployment");
    assertThatThrownBy(() -> render(KubernetesFloor.MAJOR + "." + below + ".9"))
        .hasMessageContaining("kubeVersion");
  }

  @Test
  void theOldestVersionTestedIsTheFloor() {
    List<String> tested = CrdOnEveryVersionIT.versions();

    assertThat(tested).as("CrdOnEveryVersionIT's versions, oldest first").isNotEmpty();
    assertThat(tested.get(0)).as("oldest tested of %s", tested)
        .matches(KubernetesFloor::isFloor, "is Kubernetes " + KubernetesFloor.VERSION);
  }

  private static String render(String kubeVersion) {
    return new Helm(CHART).template().withName("floor").withNamespace("floor")
        .withKubeVersion(kubeVersion).call();
  }
}
