package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    assertThat(r.password()).isEqualTo("pw\n".getBytes(StandardCharsets.UTF_8));
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

  /** A Secret as kubectl create secret --from-file stores it: the file's bytes, Base64. */
  void putRaw(String name, Map<String, byte[]> values) {
    Map<String, String> data = new HashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    Secret s = Fixtures.secret("ns", name, Map.of());
    s.setData(data);
    put(s, "1");
  }

  static byte[] notUtf8(int length) {
    byte[] b = new byte[length];
    new java.util.Random(7).nextBytes(b);
    b[0] = (byte) 0xC3; // a lead byte followed by another lead byte: never valid UTF-8
    b[1] = (byte) 0xC3;
    return b;
  }

  @Test
  void aPasswordThatIsNotUtf8IsKeptByteForByte() {
    byte[] binary = notUtf8(64);
    putRaw("ds-db", Map.of("username", "u".getBytes(StandardCharsets.UTF_8), "password", binary));
    put(Fixtures.akSecret("ns", "ds-ak"), "1");

    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));

    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.password()).isEqualTo(binary);
  }

  @Test
  void aUserNameOrAccessKeyThatIsNotUtf8IsRefusedWithItsOwnReason() {
    putRaw("ds-db", Map.of("username", notUtf8(8), "password", "p".getBytes(StandardCharsets.UTF_8)));
    putRaw("ds-ak", Map.of("accessKeyId", "id".getBytes(StandardCharsets.UTF_8),
        "accessKeySecret", notUtf8(30)));

    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));

    assertThat(r.reason()).isEqualTo(ReadyReason.SECRET_VALUE_INVALID);
    assertThat(r.message())
        .contains("Secret 'ds-db' key 'username' is not valid UTF-8 text")
        .contains("Secret 'ds-ak' key 'accessKeySecret' is not valid UTF-8 text")
        .contains("OMS is not called");
  }

  @Test
  void valuesBeyondTheirBoundAreRefusedNamingSizeAndBound() {
    byte[] big = new byte[700 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    putRaw("ds-db", Map.of("username", "u".getBytes(StandardCharsets.UTF_8), "password", big));
    put(Fixtures.akSecret("ns", "ds-ak"), "1");

    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));

    assertThat(r.reason()).isEqualTo(ReadyReason.SECRET_VALUE_INVALID);
    assertThat(r.message()).contains("Secret 'ds-db' key 'password' holds 716800 bytes; at most "
        + SecretResolver.PASSWORD_MAX_BYTES + " are accepted");
    assertThat(r.message()).doesNotContain("xxxx");
  }

  @Test
  void valuesAtTheirBoundAreAccepted() {
    byte[] password = new byte[SecretResolver.PASSWORD_MAX_BYTES];
    java.util.Arrays.fill(password, (byte) 'p');
    putRaw("ds-db", Map.of("username",
        "u".repeat(SecretResolver.USERNAME_MAX_BYTES).getBytes(StandardCharsets.UTF_8),
        "password", password));
    putRaw("ds-ak", Map.of(
        "accessKeyId", "i".repeat(SecretResolver.ACCESS_KEY_ID_MAX_BYTES)
            .getBytes(StandardCharsets.UTF_8),
        "accessKeySecret", "s".repeat(SecretResolver.ACCESS_KEY_SECRET_MAX_BYTES)
            .getBytes(StandardCharsets.UTF_8)));

    assertThat(resolver.resolve(Fixtures.resource("ns", "ds")).ok()).isTrue();
  }

  @Test
  void aMissingKeyOutranksAnInvalidValue() {
    putRaw("ds-db", Map.of("username", notUtf8(8)));
    put(Fixtures.akSecret("ns", "ds-ak"), "1");

    Resolution r = resolver.resolve(Fixtures.resource("ns", "ds"));

    assertThat(r.reason()).isEqualTo(ReadyReason.SECRET_KEY_MISSING);
    assertThat(r.message()).contains("'password'");
  }
}
