package io.datasource.oms.packaging;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator process would see in a pod of a rendered Deployment: its environment with
 * downward-API and Secret references resolved, and Secret/ConfigMap volumes written under a
 * temporary root (file paths in the environment are rewritten to point there). A small stand-in
 * for the kubelet, so that tests can hand the chart's output to the program's own parser.
 */
final class PodEnvironment {

  static final String POD_NAME = "oms-datasource-operator-7d9f-abcde";

  private final Map<String, Map<String, String>> objects;
  private final Path root;

  /**
   * @param objects contents of the Secrets and ConfigMaps the pod references, by name
   * @param root where mounted volumes are written
   */
  PodEnvironment(Map<String, Map<String, String>> objects, Path root) {
    this.objects = objects;
    this.root = root;
  }

  Map<String, String> resolve(Deployment deployment, String namespace) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    List<VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts();
    Map<String, String> rewrites = new LinkedHashMap<>();
    for (VolumeMount mount : mounts) {
      Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
          .findFirst().orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
      Path dir = root.resolve(mount.getMountPath().replaceFirst("^/", ""));
      if (volume.getSecret() != null) {
        write(dir, volume.getSecret().getSecretName(), volume.getSecret().getItems());
      } else if (volume.getConfigMap() != null) {
        write(dir, volume.getConfigMap().getName(), volume.getConfigMap().getItems());
      }
      rewrites.put(mount.getMountPath() + "/", dir + "/");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : pod.getContainers().get(0).getEnv()) {
      env.put(var.getName(), var.getValueFrom() == null
          ? rewrite(var.getValue(), rewrites)
          : valueFrom(var.getValueFrom(), namespace));
    }
    return env;
  }

  private String valueFrom(EnvVarSource source, String namespace) {
    if (source.getFieldRef() != null) {
      switch (source.getFieldRef().getFieldPath()) {
        case "metadata.namespace":
          return namespace;
        case "metadata.name":
          return POD_NAME;
        default:
          throw new AssertionError("unexpected field " + source.getFieldRef().getFieldPath());
      }
    }
    if (source.getSecretKeyRef() != null) {
      return item(source.getSecretKeyRef().getName(), source.getSecretKeyRef().getKey());
    }
    throw new AssertionError("unexpected valueFrom " + source);
  }

  private void write(Path dir, String object, List<KeyToPath> items) {
    try {
      Files.createDirectories(dir);
      for (KeyToPath item : items) {
        Files.writeString(dir.resolve(item.getPath()), item(object, item.getKey()),
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String item(String object, String key) {
    Map<String, String> data = objects.get(object);
    if (data == null || !data.containsKey(key)) {
      throw new AssertionError("the pod references " + object + "/" + key + ", which the test"
          + " did not provide: the pod would not start");
    }
    return data.get(key);
  }

  private static String rewrite(String value, Map<String, String> rewrites) {
    if (value == null) {
      return null;
    }
    for (Map.Entry<String, String> r : rewrites.entrySet()) {
      if (value.startsWith(r.getKey())) {
        return r.getValue() + value.substring(r.getKey().length());
      }
    }
    return value;
  }
}
