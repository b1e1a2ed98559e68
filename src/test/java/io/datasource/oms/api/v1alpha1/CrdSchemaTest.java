package io.datasource.oms.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated CRD's limits and CEL rules, read and evaluated without a server: the limits by
 * reading them, the rules by evaluating them with dev.cel against valid and invalid objects. The
 * proof that API servers enforce them is CrdOnEveryVersionIT (every Kubernetes version tested);
 * this test stays because it runs in a second and points at the rule itself.
 */
class CrdSchemaTest {

  static CustomResourceDefinition crd;
  static JSONSchemaProps spec;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = Files.newInputStream(CrdDriftTest.GENERATED)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  static CustomResourceDefinitionVersion version() {
    return crd.getSpec().getVersions().get(0);
  }

  @Test
  void namesScopeAndSubresources() {
    assertThat(crd.getSpec().getGroup()).isEqualTo("oms.datasource.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("PolarDBXDataSource");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("pxds");
    assertThat(version().getName()).isEqualTo("v1alpha1");
    assertThat(version().getSubresources().getStatus()).isNotNull();
  }

  @Test
  void printerColumnsShowReadyReasonIdNameAge() {
    assertThat(version().getAdditionalPrinterColumns()).extracting(c -> c.getName())
        .containsExactly("Ready", "Reason", "ID", "OMS Name", "Age");
  }

  @Test
  void nameIsOneTo32CharactersWithoutWhitespace() {
    JSONSchemaProps name = spec.getProperties().get("name");
    assertThat(name.getMinLength()).isEqualTo(1L);
    assertThat(name.getMaxLength()).isEqualTo(32L);
    // The API server uses Go's RE2, where '$' is the end of the text. Java's '$' also matches
    // before a final newline, so the whole-input matches() stands in for RE2 here.
    Pattern pattern = Pattern.compile(name.getPattern());
    assertThat(pattern.matcher("drds-test").matches()).isTrue();
    assertThat(pattern.matcher("has space").matches()).isFalse();
    assertThat(pattern.matcher("tab\there").matches()).isFalse();
    assertThat(pattern.matcher("trailing\n").matches()).isFalse();
  }

  @Test
  void limitsRequiredFieldsEnumsAndDefaults() {
    assertThat(spec.getProperties().get("description").getMaxLength()).isEqualTo(128L);
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("region", "intranetAddr",
        "credentialsSecretRef", "accessKeySecretRef");
    JSONSchemaProps cred = spec.getProperties().get("credentialsSecretRef");
    assertThat(cred.getRequired()).containsExactly("name");
    assertThat(cred.getProperties().get("usernameKey").getDefault().asText()).isEqualTo("username");
    assertThat(cred.getProperties().get("passwordKey").getDefault().asText()).isEqualTo("password");
    JSONSchemaProps ak = spec.getProperties().get("accessKeySecretRef");
    assertThat(ak.getRequired()).containsExactly("name");
    assertThat(ak.getProperties().get("accessKeyIdKey").getDefault().asText())
        .isEqualTo("accessKeyId");
    assertThat(ak.getProperties().get("accessKeySecretKey").getDefault().asText())
        .isEqualTo("accessKeySecret");
    assertThat(enumOf("deletionPolicy")).containsExactlyInAnyOrder("Delete", "Orphan");
    assertThat(spec.getProperties().get("deletionPolicy").getDefault())
        .as("unset means the operator's configured default").isNull();
    assertThat(enumOf("adoptionPolicy")).containsExactlyInAnyOrder("Refuse", "Adopt");
    assertThat(spec.getProperties().get("adoptionPolicy").getDefault().asText())
        .isEqualTo("Refuse");
    assertThat(enumOf("updatePolicy")).containsExactlyInAnyOrder("None", "Recreate");
    assertThat(spec.getProperties().get("updatePolicy").getDefault().asText()).isEqualTo("None");
  }

  @Test
  void specNameIsImmutableOnceSet() throws Exception {
    List<ValidationRule> rules = spec.getXKubernetesValidations();
    // Two rules on the spec since spec.connectionRef: this one is the spec.name rule.
    assertThat(rules).hasSize(2);
    String rule = rules.stream().map(ValidationRule::getRule)
        .filter(r -> r.contains("self.name")).findFirst().orElseThrow();

    assertThat(eval(rule, Map.of("name", "a"), Map.of("name", "a"))).isTrue();
    assertThat(eval(rule, Map.of("name", "b"), Map.of("name", "a"))).as("changed").isFalse();
    assertThat(eval(rule, Map.of("name", "b"), Map.of())).as("unset -> set").isTrue();
    assertThat(eval(rule, Map.of(), Map.of("name", "a"))).as("set -> unset").isFalse();
    assertThat(eval(rule, Map.of("region", "r"), Map.of("region", "q"))).as("never set").isTrue();
  }

  @Test
  void connectionRefCannotBeAddedChangedOrRemoved() throws Exception {
    String rule = spec.getXKubernetesValidations().stream().map(ValidationRule::getRule)
        .filter(r -> r.contains("connectionRef")).findFirst().orElseThrow();
    Map<String, Object> a = Map.of("connectionRef", Map.of("name", "a"));
    Map<String, Object> b = Map.of("connectionRef", Map.of("name", "b"));

    assertThat(eval(rule, a, a)).as("unchanged").isTrue();
    assertThat(eval(rule, Map.of("region", "r"), Map.of("region", "q"))).as("never set").isTrue();
    assertThat(eval(rule, b, a)).as("changed").isFalse();
    assertThat(eval(rule, a, Map.of())).as("added").isFalse();
    assertThat(eval(rule, Map.of(), a)).as("removed").isFalse();
  }

  private static List<String> enumOf(String field) {
    return spec.getProperties().get(field).getEnum().stream().map(n -> n.asText())
        .collect(Collectors.toList());
  }

  /** Evaluates a transition rule as the API server does, with standard macros. */
  private static boolean eval(String rule, Map<String, Object> self, Map<String, Object> oldSelf)
      throws Exception {
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("self", SimpleType.DYN)
        .addVar("oldSelf", SimpleType.DYN)
        .build();
    CelAbstractSyntaxTree ast = compiler.compile(rule).getAst();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", self);
    vars.put("oldSelf", oldSelf);
    return (Boolean) runtime.createProgram(ast).eval(vars);
  }
}
