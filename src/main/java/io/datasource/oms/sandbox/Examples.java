package io.datasource.oms.sandbox;

import io.datasource.oms.api.v1alpha1.AccessKeySecretRef;
import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.CredentialsSecretRef;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the sandbox applies: the YAML files of the repository's {@code examples/} directory when
 * there are any, plus built-in objects that show the interesting outcomes (an adoption, a region
 * OMS rejects, a database OMS cannot reach), so that the table always shows a failure and its OMS
 * error.
 */
final class Examples {

  /** A region the sandbox's OMS simulator rejects with PARAM_ERROR. */
  static final String REJECTED_REGION = "cn-atlantis";
  /** A database address the simulator's connectivity test cannot reach. */
  static final String UNREACHABLE_ADDRESS = "10.0.9.9:3306";
  /** A data source that exists in OMS before the operator starts, adopted by a resource. */
  static final String PRE_EXISTING_NAME = "legacy-billing";

  /** A resource created paused: it shows the Paused condition and never reaches OMS. */
  static final String PAUSED_NAME = "paused-reports";

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** The sandbox's two OmsConnections, one per simulator, and the resource on each. */
  static final String CONNECTION_EAST = "sandbox-east";
  static final String CONNECTION_WEST = "sandbox-west";
  static final String ON_EAST = "orders-east";
  static final String ON_WEST = "orders-west";

  private Examples() {}

  /**
   * Two OmsConnections (the sandbox's own simulator and a second one, both with the console user
   * from one Secret) and a resource on each.
   */
  static List<HasMetadata> connections(java.net.URI east, java.net.URI west, String user,
      String password) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new SecretBuilder()
        .withMetadata(meta("oms-console-user"))
        .withData(base64(Map.of("username", user, "password", password)))
        .build());
    objects.add(connection(CONNECTION_EAST, east));
    objects.add(connection(CONNECTION_WEST, west));
    PolarDBXDataSource onEast = resource(ON_EAST, "cn-anhui", "10.0.2.10:3306",
        "on the OmsConnection " + CONNECTION_EAST, AdoptionPolicy.Refuse);
    onEast.getSpec().setConnectionRef(new io.datasource.oms.api.v1alpha1.ConnectionRef(
        CONNECTION_EAST));
    objects.add(onEast);
    PolarDBXDataSource onWest = resource(ON_WEST, "cn-anhui", "10.0.2.11:3306",
        "on the OmsConnection " + CONNECTION_WEST, AdoptionPolicy.Refuse);
    onWest.getSpec().setConnectionRef(new io.datasource.oms.api.v1alpha1.ConnectionRef(
        CONNECTION_WEST));
    objects.add(onWest);
    return objects;
  }

  private static io.datasource.oms.api.v1alpha1.OmsConnection connection(String name,
      java.net.URI url) {
    var spec = new io.datasource.oms.api.v1alpha1.OmsConnectionSpec();
    spec.setBaseUrl(url.toString());
    spec.setCredentialsSecretRef(new io.datasource.oms.api.v1alpha1.OmsConnectionSpec
        .ConnectionSecretRef(Sandbox.NAMESPACE, "oms-console-user"));
    var c = new io.datasource.oms.api.v1alpha1.OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName(name)
        .addToLabels("app.kubernetes.io/part-of", "oms-sandbox").build());
    c.setSpec(spec);
    return c;
  }

  /** The built-in objects, in the sandbox namespace. */
  static List<HasMetadata> builtIn() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new SecretBuilder()
        .withMetadata(meta("polardbx-credentials"))
        .withData(base64(Map.of("username", "oms_migrator", "password", "Sandbox-Only-1")))
        .build());
    objects.add(new SecretBuilder()
        .withMetadata(meta("aliyun-access-key"))
        .withData(base64(Map.of("accessKeyId", "LTAI-sandbox",
            "accessKeySecret", "sandbox-secret")))
        .build());
    objects.add(resource("orders", "cn-anhui", "10.0.1.10:3306", "orders database",
        AdoptionPolicy.Refuse));
    objects.add(resource("payments", "cn-anhui", "10.0.1.11:3306", "payments database",
        AdoptionPolicy.Refuse));
    objects.add(resource(PRE_EXISTING_NAME, "cn-anhui", "10.0.1.12:3306",
        "created in OMS before the operator; adopted", AdoptionPolicy.Adopt));
    objects.add(resource("wrong-region", REJECTED_REGION, "10.0.1.13:3306",
        "fails on purpose: OMS rejects the region", AdoptionPolicy.Refuse));
    objects.add(resource("unreachable-db", "cn-anhui", UNREACHABLE_ADDRESS,
        "fails on purpose: OMS cannot reach the database", AdoptionPolicy.Refuse));
    PolarDBXDataSource paused = resource(PAUSED_NAME, "cn-anhui", "10.0.1.14:3306",
        "paused: no OMS call until the annotation oms.datasource.io/paused goes",
        AdoptionPolicy.Refuse);
    paused.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));
    objects.add(paused);
    return objects;
  }

  /** Every object of every {@code *.yaml} / {@code *.yml} file in {@code dir}; empty if none. */
  static List<HasMetadata> fromDirectory(Path dir) {
    List<HasMetadata> objects = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return objects;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      for (String document : text.split("(?m)^---\\s*$")) {
        if (document.isBlank() || document.lines().allMatch(l -> l.isBlank()
            || l.stripLeading().startsWith("#"))) {
          continue;
        }
        Map<?, ?> raw = Serialization.unmarshal(document, Map.class);
        if (raw == null || raw.get("kind") == null) {
          continue;
        }
        HasMetadata object = "PolarDBXDataSource".equals(raw.get("kind"))
            ? Serialization.unmarshal(document, PolarDBXDataSource.class)
            : Serialization.unmarshal(document);
        markAsKubectlApplied(object, raw);
        objects.add(object);
      }
    }
    return objects;
  }

  /**
   * Records the file's object as {@code kubectl apply} does on create, so that a later
   * {@code kubectl apply -f examples/} treats these objects as its own (no warning about a missing
   * annotation, "unchanged" when nothing changed).
   */
  @SuppressWarnings("unchecked")
  private static void markAsKubectlApplied(HasMetadata object, Map<?, ?> raw) {
    Map<String, Object> applied = new java.util.LinkedHashMap<>((Map<String, Object>) raw);
    Map<String, Object> meta = new java.util.LinkedHashMap<>(
        (Map<String, Object>) applied.getOrDefault("metadata", Map.of()));
    meta.putIfAbsent("annotations", Map.of());
    meta.putIfAbsent("namespace", Sandbox.NAMESPACE);
    applied.put("metadata", meta);
    Map<String, String> annotations = new java.util.TreeMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.put(LAST_APPLIED, Serialization.asJson(sortedKeys(applied)) + "\n");
    object.getMetadata().setAnnotations(annotations);
  }

  /** kubectl writes the annotation with every map's keys in order (Go's JSON encoding). */
  private static Object sortedKeys(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new java.util.TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedKeys(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Examples::sortedKeys).toList();
    }
    return value;
  }

  /** Creates (or replaces) the objects, defaulting their namespace to the sandbox's. */
  static void apply(KubernetesClient client, List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      if (object.getMetadata().getNamespace() == null
          && !(object instanceof io.datasource.oms.api.v1alpha1.OmsConnection)) {
        object.getMetadata().setNamespace(Sandbox.NAMESPACE);
      }
      if (object instanceof Secret secret && secret.getStringData() != null) {
        // What the API server does and the mock does not.
        Map<String, String> data = new java.util.TreeMap<>();
        if (secret.getData() != null) {
          data.putAll(secret.getData());
        }
        data.putAll(base64(secret.getStringData()));
        secret.setData(data);
        secret.setStringData(null);
      }
      client.resource(object).createOr(NonDeletingOperation::update);
    }
  }

  private static PolarDBXDataSource resource(String name, String region, String address,
      String description, AdoptionPolicy adoption) {
    PolarDBXDataSourceSpec spec = new PolarDBXDataSourceSpec();
    spec.setRegion(region);
    spec.setIntranetAddr(address);
    spec.setDescription(description);
    spec.setCredentialsSecretRef(new CredentialsSecretRef("polardbx-credentials"));
    spec.setAccessKeySecretRef(new AccessKeySecretRef("aliyun-access-key"));
    spec.setAdoptionPolicy(adoption);
    PolarDBXDataSource resource = new PolarDBXDataSource();
    resource.setMetadata(meta(name));
    resource.setSpec(spec);
    return resource;
  }

  /** Secret data is Base64; the mock API server does not turn stringData into data. */
  private static Map<String, String> base64(Map<String, String> plain) {
    Map<String, String> encoded = new java.util.TreeMap<>();
    plain.forEach((k, v) -> encoded.put(k,
        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(Sandbox.NAMESPACE)
        .addToLabels("app.kubernetes.io/part-of", "oms-sandbox").build();
  }
}
