package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.AccessKeySecretRef;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CredentialsSecretRef;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.Utf8;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the two referenced Secrets from the cache. Values are used exactly as stored: a trailing
 * newline (common with {@code kubectl create secret --from-file}) is part of the value, and the
 * password's bytes are sent as they are (it travels Base64-encoded, so it need not be text). The
 * user name and the AccessKey pair travel as JSON text: bytes that are not UTF-8 would be altered,
 * so they are refused, as is any value beyond its field's bound (a file stored by mistake).
 */
final class SecretResolver {

  /** Bounds in bytes; the README's Secrets section states them. */
  static final int USERNAME_MAX_BYTES = 256;
  static final int PASSWORD_MAX_BYTES = 1024;
  static final int ACCESS_KEY_ID_MAX_BYTES = 256;
  static final int ACCESS_KEY_SECRET_MAX_BYTES = 256;

  private final SecretLookup lookup;

  SecretResolver(SecretLookup lookup) {
    this.lookup = lookup;
  }

  Resolution resolve(PolarDBXDataSource resource) {
    String namespace = resource.getMetadata().getNamespace();
    var spec = resource.getSpec();
    if (spec == null || spec.getCredentialsSecretRef() == null
        || spec.getAccessKeySecretRef() == null
        || isBlank(spec.getCredentialsSecretRef().getName())
        || isBlank(spec.getAccessKeySecretRef().getName())) {
      // Validation reports the missing reference; there is nothing to read.
      return Resolution.unavailable(ReadyReason.SECRET_NOT_FOUND,
          "The spec does not name both Secrets.");
    }
    CredentialsSecretRef credRef = spec.getCredentialsSecretRef();
    AccessKeySecretRef keyRef = spec.getAccessKeySecretRef();

    Optional<Secret> credSecret = lookup.find(namespace, credRef.getName());
    if (credSecret.isEmpty()) {
      return notFound(namespace, credRef.getName());
    }
    Optional<Secret> keySecret = lookup.find(namespace, keyRef.getName());
    if (keySecret.isEmpty()) {
      return notFound(namespace, keyRef.getName());
    }

    Problems problems = new Problems();
    byte[] username = bytes(credSecret.get(), credRef.effectiveUsernameKey(),
        USERNAME_MAX_BYTES, problems);
    byte[] password = bytes(credSecret.get(), credRef.effectivePasswordKey(),
        PASSWORD_MAX_BYTES, problems);
    byte[] accessKeyId = bytes(keySecret.get(), keyRef.effectiveAccessKeyIdKey(),
        ACCESS_KEY_ID_MAX_BYTES, problems);
    byte[] accessKeySecret = bytes(keySecret.get(), keyRef.effectiveAccessKeySecretKey(),
        ACCESS_KEY_SECRET_MAX_BYTES, problems);
    String usernameText = text(credSecret.get(), credRef.effectiveUsernameKey(), username,
        problems);
    String accessKeyIdText = text(keySecret.get(), keyRef.effectiveAccessKeyIdKey(), accessKeyId,
        problems);
    String accessKeySecretText = text(keySecret.get(), keyRef.effectiveAccessKeySecretKey(),
        accessKeySecret, problems);
    if (!problems.missing.isEmpty()) {
      return Resolution.unavailable(ReadyReason.SECRET_KEY_MISSING,
          String.join("; ", problems.missing) + ". Add the key to the Secret or set the key name"
              + " in the spec.");
    }
    if (!problems.invalid.isEmpty()) {
      return Resolution.unavailable(ReadyReason.SECRET_VALUE_INVALID,
          String.join("; ", problems.invalid) + ". Store the value itself (kubectl create secret"
              + " --from-literal); OMS is not called.");
    }
    String fingerprint = Fingerprints.secrets(credSecret.get(), keySecret.get());
    return Resolution.resolved(usernameText, password, accessKeyIdText, accessKeySecretText,
        fingerprint);
  }

  private static Resolution notFound(String namespace, String name) {
    return Resolution.unavailable(ReadyReason.SECRET_NOT_FOUND,
        "Secret '" + name + "' not found in namespace '" + namespace
            + "'. Create it; the resource is reconciled as soon as it appears.");
  }

  /** What is wrong with the values; each entry names Secret and key, never a value. */
  private static final class Problems {
    final List<String> missing = new ArrayList<>();
    final List<String> invalid = new ArrayList<>();
  }

  /** The stored bytes of {@code key}, or null with a problem (naming the key, never a value). */
  private static byte[] bytes(Secret secret, String key, int maxBytes, Problems problems) {
    String name = secret.getMetadata().getName();
    String raw = secret.getData() == null ? null : secret.getData().get(key);
    byte[] value = null;
    if (raw != null) {
      try {
        value = Base64.getDecoder().decode(raw.trim());
      } catch (IllegalArgumentException e) {
        problems.missing.add("Secret '" + name + "' key '" + key + "' is not valid Base64");
        return null;
      }
    } else if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      // Only an API server converts stringData to data; a test server may keep it as given.
      value = secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    if (value == null || value.length == 0) {
      problems.missing.add("Secret '" + name + "' has no key '" + key
          + "' (or its value is empty)");
      return null;
    }
    if (value.length > maxBytes) {
      problems.invalid.add("Secret '" + name + "' key '" + key + "' holds " + value.length
          + " bytes; at most " + maxBytes + " are accepted");
      return null;
    }
    return value;
  }

  /** The value as text, or null with a problem when its bytes are not UTF-8. */
  private static String text(Secret secret, String key, byte[] value, Problems problems) {
    if (value == null) {
      return null;
    }
    String text = Utf8.decodeStrict(value);
    if (text == null) {
      problems.invalid.add("Secret '" + secret.getMetadata().getName() + "' key '" + key
          + "' is not valid UTF-8 text, which OMS needs for this field");
    }
    return text;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
