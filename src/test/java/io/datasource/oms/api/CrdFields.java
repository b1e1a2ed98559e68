package io.datasource.oms.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fields of {@code apiextensions.k8s.io/v1} CustomResourceDefinition, with the Kubernetes
 * minor version that introduced each, so that a CRD can be checked against the oldest version the
 * chart supports. An API server refuses a CRD with a field it does not know (strict decoding), so
 * any field missing from these tables is reported too: a new generator feature is then either
 * added here, with its version, or not used.
 */
final class CrdFields {

  /** {@code apiextensions.k8s.io/v1} itself arrived in 1.16; everything older counts as 16. */
  private static final int V1 = 16;

  /** Where a field leads: to a structure of these tables, or nowhere (a value, not checked). */
  private record Field(int since, String struct) {}

  /** Structure name -> field -> (since, child structure; a list or map of it is walked too). */
  private static final Map<String, Map<String, Field>> STRUCTS = Map.ofEntries(
      Map.entry("CustomResourceDefinition", Map.of(
          "apiVersion", leaf(), "kind", leaf(), "metadata", leaf(), "status", leaf(),
          "spec", to("CustomResourceDefinitionSpec"))),
      Map.entry("CustomResourceDefinitionSpec", Map.of(
          "group", leaf(), "names", to("Names"), "scope", leaf(),
          "versions", to("Version"), "conversion", to("Conversion"),
          "preserveUnknownFields", leaf())),
      Map.entry("Names", Map.of(
          "plural", leaf(), "singular", leaf(), "shortNames", leaf(), "kind", leaf(),
          "listKind", leaf(), "categories", leaf())),
      Map.entry("Version", Map.of(
          "name", leaf(), "served", leaf(), "storage", leaf(),
          "deprecated", new Field(19, null), "deprecationWarning", new Field(19, null),
          "schema", to("Validation"), "subresources", to("Subresources"),
          "additionalPrinterColumns", to("Column"),
          "selectableFields", new Field(30, "SelectableField"))),
      Map.entry("SelectableField", Map.of("jsonPath", new Field(30, null))),
      Map.entry("Column", Map.of(
          "name", leaf(), "type", leaf(), "format", leaf(), "description", leaf(),
          "priority", leaf(), "jsonPath", leaf())),
      Map.entry("Subresources", Map.of("status", to("Empty"), "scale", to("Scale"))),
      Map.entry("Empty", Map.of()),
      Map.entry("Scale", Map.of(
          "specReplicasPath", leaf(), "statusReplicasPath", leaf(), "labelSelectorPath", leaf())),
      Map.entry("Conversion", Map.of("strategy", leaf(), "webhook", to("Webhook"))),
      Map.entry("Webhook", Map.of(
          "clientConfig", to("ClientConfig"), "conversionReviewVersions", leaf())),
      Map.entry("ClientConfig", Map.of(
          "url", leaf(), "service", to("Service"), "caBundle", leaf())),
      Map.entry("Service", Map.of(
          "namespace", leaf(), "name", leaf(), "path", leaf(), "port", leaf())),
      Map.entry("Validation", Map.of("openAPIV3Schema", to("Schema"))),
      Map.entry("Schema", Map.ofEntries(
          Map.entry("id", leaf()), Map.entry("$schema", leaf()), Map.entry("$ref", leaf()),
          Map.entry("description", leaf()), Map.entry("type", leaf()),
          Map.entry("format", leaf()), Map.entry("title", leaf()),
          Map.entry("default", leaf()), Map.entry("maximum", leaf()),
          Map.entry("exclusiveMaximum", leaf()), Map.entry("minimum", leaf()),
          Map.entry("exclusiveMinimum", leaf()), Map.entry("maxLength", leaf()),
          Map.entry("minLength", leaf()), Map.entry("pattern", leaf()),
          Map.entry("maxItems", leaf()), Map.entry("minItems", leaf()),
          Map.entry("uniqueItems", leaf()), Map.entry("multipleOf", leaf()),
          Map.entry("enum", leaf()), Map.entry("maxProperties", leaf()),
          Map.entry("minProperties", leaf()), Map.entry("required", leaf()),
          Map.entry("items", to("Schema")), Map.entry("allOf", to("Schema")),
          Map.entry("oneOf", to("Schema")), Map.entry("anyOf", to("Schema")),
          Map.entry("not", to("Schema")), Map.entry("properties", mapOf("Schema")),
          Map.entry("additionalProperties", to("Schema")),
          Map.entry("patternProperties", mapOf("Schema")),
          Map.entry("dependencies", mapOf("Schema")),
          Map.entry("additionalItems", to("Schema")),
          Map.entry("definitions", mapOf("Schema")),
          Map.entry("externalDocs", leaf()), Map.entry("example", leaf()),
          Map.entry("nullable", leaf()),
          Map.entry("x-kubernetes-preserve-unknown-fields", leaf()),
          Map.entry("x-kubernetes-embedded-resource", leaf()),
          Map.entry("x-kubernetes-int-or-string", leaf()),
          Map.entry("x-kubernetes-list-map-keys", leaf()),
          Map.entry("x-kubernetes-list-type", leaf()),
          Map.entry("x-kubernetes-map-type", leaf()),
          // Known (alpha) since 1.23, but enforced by default only from 1.25 (beta).
          Map.entry("x-kubernetes-validations", new Field(25, "ValidationRule")))),
      Map.entry("ValidationRule", Map.of(
          "rule", new Field(25, null), "message", new Field(25, null),
          "messageExpression", new Field(27, null),
          "reason", new Field(28, null), "fieldPath", new Field(28, null),
          "optionalOldSelf", new Field(29, null))));

  /** Marks a field whose value is a map of name -> structure (e.g. {@code properties}). */
  private static final String MAP = "{}";

  private CrdFields() {}

  private static Field leaf() {
    return new Field(V1, null);
  }

  private static Field to(String struct) {
    return new Field(V1, struct);
  }

  private static Field mapOf(String struct) {
    return new Field(V1, struct + MAP);
  }

  /**
   * Every field of this CRD that Kubernetes {@code 1.<minor>} does not know, as
   * {@code path: why}, e.g. {@code spec.versions[0]....x-kubernetes-validations[0].reason: added in
   * Kubernetes 1.28}.
   */
  static List<String> unknownTo(int minor, JsonNode crd) {
    List<String> findings = new ArrayList<>();
    walk(minor, crd, "CustomResourceDefinition", "", findings);
    return findings;
  }

  private static void walk(int minor, JsonNode node, String struct, String path,
      List<String> findings) {
    if (node == null || node.isNull()) {
      return;
    }
    if (struct.endsWith(MAP)) {
      String of = struct.substring(0, struct.length() - MAP.length());
      node.fields().forEachRemaining(e -> walk(minor, e.getValue(), of,
          path + "." + e.getKey(), findings));
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(minor, node.get(i), struct, path + "[" + i + "]", findings);
      }
      return;
    }
    if (!node.isObject()) {
      return; // e.g. additionalProperties: false, or a dependency's list of names
    }
    Map<String, Field> fields = STRUCTS.get(struct);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String at = path.isEmpty() ? name : path + "." + name;
      Field field = fields.get(name);
      if (field == null) {
        findings.add(at + ": not a field of " + struct + " in any Kubernetes version known here");
      } else if (field.since() > minor) {
        findings.add(at + ": added in Kubernetes 1." + field.since());
      } else if (field.struct() != null) {
        walk(minor, node.get(name), field.struct(), at, findings);
      }
    }
  }
}
