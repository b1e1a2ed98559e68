package io.datasource.oms.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OmsConnection CRD users install: as the README's kubectl output and reference say. */
class OmsConnectionCrdTest {

  static final Path COMMITTED = Path.of("deploy/crds/omsconnections.oms.datasource.io-v1.yml");
  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/omsconnections.oms.datasource.io-v1.yml");
  static final Path CHART_COPY =
      Path.of("helm/oms-datasource-operator/crds/omsconnections.oms.datasource.io-v1.yml");

  @Test
  void committedCopiesAreTheGeneratedCrd() throws Exception {
    assertThat(Files.readString(COMMITTED)).isEqualTo(Files.readString(GENERATED));
    assertThat(Files.readString(CHART_COPY)).isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void clusterScopedWithItsShortNameColumnsInOrderAndOutsideTheOmsCategory() throws Exception {
    CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED),
        CustomResourceDefinition.class);

    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("omsconn");
    assertThat(crd.getSpec().getNames().getCategories()).doesNotContain("oms");
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Ready", "Reason", "URL", "Resources", "Age");
    assertThat(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
        .getProperties().get("spec").getRequired()).containsExactly("baseUrl");
  }
}
