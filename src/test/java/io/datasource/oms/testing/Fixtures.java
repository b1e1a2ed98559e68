package io.datasource.oms.testing;

import io.datasource.oms.api.v1alpha1.AccessKeySecretRef;
import io.datasource.oms.api.v1alpha1.CredentialsSecretRef;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resources and Secrets for tests, with distinctive secret values that leak checks look for. */
public final class Fixtures {
  private Fixtures() {}

  public static final String DB_USER = "migrator";
  public static final String DB_PASSWORD = "pw-Zq81-secret-do-not-leak";
  public static final String AK_ID = "LTAI-test-key-id";
  public static final String AK_SECRET = "ak-Secret-9f3e-do-not-leak";
  /** Every secret value a test uses; none may appear in logs, Events or status. */
  public static final List<String> SECRET_VALUES =
      List.of(DB_PASSWORD, AK_SECRET, "rotated-pw-77-do-not-leak");

  public static final String REGION = "cn-anhui";

  /** A resource referencing Secrets {@code <name>-db} and {@code <name>-ak}. */
  public static PolarDBXDataSource resource(String namespace, String name) {
    PolarDBXDataSourceSpec spec = new PolarDBXDataSourceSpec();
    spec.setRegion(REGION);
    spec.setIntranetAddr("10.0.0.8:3306");
    spec.setDescription("test data source " + name);
    spec.setCredentialsSecretRef(new CredentialsSecretRef(name + "-db"));
    spec.setAccessKeySecretRef(new AccessKeySecretRef(name + "-ak"));
    PolarDBXDataSource r = new PolarDBXDataSource();
    r.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    r.setSpec(spec);
    return r;
  }

  public static Secret dbSecret(String namespace, String name, String password) {
    return secret(namespace, name, Map.of("username", DB_USER, "password", password));
  }

  public static Secret akSecret(String namespace, String name) {
    return secret(namespace, name, Map.of("accessKeyId", AK_ID, "accessKeySecret", AK_SECRET));
  }

  public static Secret secret(String namespace, String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, base64(v)));
    return new SecretBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withData(data)
        .build();
  }

  public static String base64(String v) {
    return Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
  }
}
