package io.datasource.oms.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.datasource.oms.sandbox.RealKubernetes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every CRD the project ships (deploy/crds/, now and later) uses only fields that the oldest
 * supported Kubernetes knows: its API server refuses the whole CRD otherwise (strict decoding
 * error), as 1.26 did with {@code x-kubernetes-validations[].reason}. CrdOnEveryVersionIT proves
 * it on real servers; this test names the offending field in milliseconds.
 */
class CrdFloorTest {

  static final Path CRDS = Path.of("deploy", "crds");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void everyShippedCrdUsesOnlyFieldsTheFloorKnows() throws IOException {
    List<Path> files = RealKubernetes.yamlFiles(CRDS);
    assertThat(files).as("CRDs in %s", CRDS).isNotEmpty();
    for (Path file : files) {
      for (JsonNode crd : documents(Files.readString(file))) {
        assertThat(CrdFields.unknownTo(KubernetesFloor.MINOR, crd))
            .as("%s: fields Kubernetes %s does not know (it refuses the CRD)", file,
                KubernetesFloor.VERSION)
            .isEmpty();
      }
    }
  }

  @Test
  void namesEachFieldNewerThanTheFloorAndEachUnknownOne() throws IOException {
    JsonNode crd = documents("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        spec:
          versions:
          - name: v1
            selectableFields:
            - jsonPath: .spec.name
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    descripton: a typo
                    x-kubernetes-validations:
                    - rule: self.a == oldSelf.a
                      message: immutable
                      messageExpression: "'a'"
                      reason: FieldValueForbidden
                    additionalProperties: false
        """).get(0);

    assertThat(CrdFields.unknownTo(26, crd)).containsExactlyInAnyOrder(
        "spec.versions[0].selectableFields: added in Kubernetes 1.30",
        "spec.versions[0].schema.openAPIV3Schema.properties.spec.descripton: not a field of"
            + " Schema in any Kubernetes version known here",
        "spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0]"
            + ".messageExpression: added in Kubernetes 1.27",
        "spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0]"
            + ".reason: added in Kubernetes 1.28");
    assertThat(CrdFields.unknownTo(30, crd)).containsExactly(
        "spec.versions[0].schema.openAPIV3Schema.properties.spec.descripton: not a field of"
            + " Schema in any Kubernetes version known here");
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
