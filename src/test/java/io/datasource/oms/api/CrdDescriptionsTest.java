package io.datasource.oms.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.sandbox.RealKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl explain pxds.spec} (and every other field) reads well: each property of each
 * shipped CRD has a description. CrdOnEveryVersionIT reads some of them back through kubectl.
 */
class CrdDescriptionsTest {

  @Test
  void everyPropertyOfEveryShippedCrdHasADescription() throws IOException {
    List<Path> files = RealKubernetes.yamlFiles(CrdFloorTest.CRDS);
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file),
          CustomResourceDefinition.class);
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        assertThat(root.getProperties()).as("%s %s has spec and status", file, version.getName())
            .containsKeys("spec", "status");
        assertThat(undescribed(root, ""))
            .as("%s %s: properties without a description", file, version.getName()).isEmpty();
      }
    }
  }

  @Test
  void findsAPropertyWithoutADescriptionAtAnyDepth() {
    JSONSchemaProps leaf = new JSONSchemaProps();
    leaf.setType("string");
    JSONSchemaProps item = new JSONSchemaProps();
    item.setProperties(Map.of("reason", leaf));
    JSONSchemaProps list = new JSONSchemaProps();
    list.setDescription("described");
    list.setItems(new JSONSchemaPropsOrArray(null, item));
    JSONSchemaProps root = new JSONSchemaProps();
    root.setProperties(Map.of("conditions", list));

    assertThat(undescribed(root, "")).containsExactly(".conditions[].reason");
  }

  /** Paths of the properties under {@code schema} (not itself) that have no description. */
  static List<String> undescribed(JSONSchemaProps schema, String path) {
    List<String> missing = new ArrayList<>();
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        if (property.getDescription() == null || property.getDescription().isBlank()) {
          missing.add(path + "." + name);
        }
        missing.addAll(undescribed(property, path + "." + name));
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      missing.addAll(undescribed(schema.getItems().getSchema(), path + "[]"));
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      missing.addAll(undescribed(schema.getAdditionalProperties().getSchema(), path + ".*"));
    }
    return missing;
  }
}
