package io.datasource.oms.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Renders the chart with real Helm (helm-java) and parses the output with Fabric8. */
final class Chart {

  static final Path DIR = Paths.get("helm", "oms-datasource-operator");
  static final String RELEASE = "oms-datasource-operator";
  static final String NAMESPACE = "oms-datasource-system";
  /** helm-java defaults to Kubernetes 1.20; the chart needs 1.26 (Chart.yaml kubeVersion). */
  static final String KUBE_VERSION = "1.30.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final Map<String, Object> values = new LinkedHashMap<>();

  private Chart() {}

  static Chart withDefaults() {
    return new Chart();
  }

  /** A {@code --set key=value}. */
  Chart set(String key, Object value) {
    values.put(key, value);
    return this;
  }

  /** A list value, as {@code key[0]=a,key[1]=b} (helm-java does not pass {@code {a,b}} on). */
  Chart setList(String key, List<?> items) {
    for (int i = 0; i < items.size(); i++) {
      values.put(key + "[" + i + "]", items.get(i));
    }
    return this;
  }

  String renderText() {
    TemplateCommand template = new Helm(DIR).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return template.call();
  }

  Rendered render() {
    return new Rendered(parse(renderText()));
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document));
    }
    return objects;
  }

  /** The objects of one rendering, with finders by kind. */
  record Rendered(List<HasMetadata> objects) {

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> T single(String kind, Class<T> type) {
      List<HasMetadata> found = ofKind(kind);
      if (found.size() != 1) {
        throw new AssertionError("expected one " + kind + ", found " + found.size());
      }
      return type.cast(found.get(0));
    }

    /** The identity and permissions: ServiceAccount, (Cluster)Roles and their bindings. */
    List<HasMetadata> rbac() {
      return objects.stream().filter(o -> List.of("ServiceAccount", "ClusterRole",
          "ClusterRoleBinding", "Role", "RoleBinding").contains(o.getKind())).toList();
    }

    Deployment deployment() {
      return single("Deployment", Deployment.class);
    }

    /** The operator container's environment, by name (values or valueFrom). */
    Map<String, EnvVar> env() {
      Map<String, EnvVar> env = new LinkedHashMap<>();
      for (EnvVar var : deployment().getSpec().getTemplate().getSpec().getContainers().get(0)
          .getEnv()) {
        if (env.put(var.getName(), var) != null) {
          throw new AssertionError("environment variable set twice: " + var.getName());
        }
      }
      return env;
    }

    String envValue(String name) {
      EnvVar var = env().get(name);
      return var == null ? null : var.getValue();
    }
  }
}
