package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One version for everything released, the pom's {@code project.version}: the chart's
 * {@code version} and {@code appVersion}, the image tag the chart deploys by default, the tag the
 * image build gives, and the image of {@code deploy/manifests/}. (HelmChartTest and ImageTest check
 * that the rendered chart and the builds use the pom's image repository and tag.)
 */
class ReleaseVersionTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void chartVersionAndAppVersionAreThePomVersion() throws IOException {
    JsonNode chart = YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());
    String pom = PomImage.projectVersion();

    assertThat(chart.path("version").asText()).as("Chart.yaml version").isEqualTo(pom);
    assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(pom);
  }

  @Test
  void imageTagsDefaultToThePomVersion() throws IOException {
    JsonNode values = YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());

    assertThat(PomImage.tagProperty()).as("pom image.tag").isEqualTo("${project.version}");
    assertThat(values.path("image").path("tag").asText())
        .as("values.yaml image.tag: empty means the chart's appVersion").isEmpty();
    assertThat(Chart.withDefaults().render().deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).endsWith(":" + PomImage.projectVersion());
  }

  @Test
  void kubectlManifestsDeployThePomVersion() throws IOException {
    List<HasMetadata> objects = Chart.parse(Files.readString(ManifestsTest.OPERATOR_FILE));
    Deployment deployment = (Deployment) objects.stream()
        .filter(o -> o instanceof Deployment).findFirst().orElseThrow();

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(PomImage.read().reference())
        .endsWith(":" + PomImage.projectVersion());
  }
}
