package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretResolverTest {

  final Map<String, Secret> secrets = new HashMap<>();
  final SecretResolver resolver =
      new SecretResolver((ns, name) -> Optional.ofNullable(secrets.get(name)));

  void put(Secret s, String version) {
    s.getMetadata().setUid("u-" + s.getMetadata().getName());
    s.getMetadata().setResourceVersion(version);
    secrets.put(s.getMetadata().getName(), s);
  }

  @Test
  void resolvesAllFourValuesAsStoredTrailingNewlineIncluded() {
    put(Fixtures.dbSecret("ns", "ds-db", "pw\n"), "1");
    put(Fixtures.akSecret("ns", "ds-ak"), "1");
    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));
    assertThat(r.ok()).isTrue();
    assertThat(r.password()).isEqualTo("pw\n");
    assertThat(r.username()).isEqualTo(Fixtures.DB_USER);
    assertThat(r.accessKeySecret()).isEqualTo(Fixtures.AK_SECRET);
    assertThat(r.toString()).doesNotContain("pw\n").doesNotContain(Fixtures.AK_SECRET);
  }

  @Test
  void oneSecretMayHoldBothPairs() {
    put(Fixtures.secret("ns", "all", Map.of("username", "u", "password", "p",
        "accessKeyId", "i", "accessKeySecret", "s")), "1");
    PolarDBXDataSource ds = Fixtures.resource("ns", "ds");
    ds.getSpec().getCredentialsSecretRef().setName("all");
    ds.getSpec().getAccessKeySecretRef().setName("all");
    assertThat(resolver.resolve(ds).ok()).isTrue();
  }

  @Test
  void aMissingSecretIsNamed() {
    put(Fixtures.akSecret("ns", "ds-ak"), "1");
    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));
    assertThat(r.reason()).isEqualTo(ReadyReason.SECRET_NOT_FOUND);
    assertThat(r.message()).contains("'ds-db'").contains("'ns'");
  }

  @Test
  void aMissingKeyIsNamedAndNoValueIsShown() {
    put(Fixtures.secret("ns", "ds-db", Map.of("username", "u", "pwd", Fixtures.DB_PASSWORD)), "1");
    put(Fixtures.akSecret("ns", "ds-ak"), "1");
    PolarDBXDataSource ds = Fixtures.resource("ns", "ds");
    Resolution r = resolver.resolve(ds);
    assertThat(r.reason()).isEqualTo(ReadyReason.SECRET_KEY_MISSING);
    assertThat(r.message()).contains("'password'").doesNotContain(Fixtures.DB_PASSWORD);

    ds.getSpec().getCredentialsSecretRef().setPasswordKey("pwd");
    assertThat(resolver.resolve(ds).ok()).isTrue();
  }

  @Test
  void theFingerprintFollowsSecretVersionsNotValues() {
    put(Fixtures.dbSecret("ns", "ds-db", "a"), "1");
    put(Fixtures.akSecret("ns", "ds-ak"), "1");
    PolarDBXDataSource ds = Fixtures.resource("ns", "ds");
    String first = resolver.resolve(ds).fingerprint();
    put(Fixtures.dbSecret("ns", "ds-db", "a"), "2");
    String second = resolver.resolve(ds).fingerprint();
    assertThat(first).isNotEqualTo(second).hasSize(16);
  }
}
