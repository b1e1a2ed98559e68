package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.AccessKeySecretRef;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CredentialsSecretRef;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads the two referenced Secrets from the cache. Values are used exactly as stored: a trailing
 * newline (common with {@code kubectl create secret --from-file}) is part of the value.
 */
final class SecretResolver {

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

    List<String> missing = new ArrayList<>();
    String username = value(credSecret.get(), credRef.effectiveUsernameKey(), missing);
    String password = value(credSecret.get(), credRef.effectivePasswordKey(), missing);
    String accessKeyId = value(keySecret.get(), keyRef.effectiveAccessKeyIdKey(), missing);
    String accessKeySecret = value(keySecret.get(), keyRef.effectiveAccessKeySecretKey(), missing);
    if (!missing.isEmpty()) {
      return Resolution.unavailable(ReadyReason.SECRET_KEY_MISSING,
          String.join("; ", missing) + ". Add the key to the Secret or set the key name in the"
              + " spec.");
    }
    String fingerprint = Fingerprints.secrets(credSecret.get(), keySecret.get());
    return Resolution.resolved(username, password, accessKeyId, accessKeySecret, fingerprint);
  }

  private static Resolution notFound(String namespace, String name) {
    return Resolution.unavailable(ReadyReason.SECRET_NOT_FOUND,
        "Secret '" + name + "' not found in namespace '" + namespace
            + "'. Create it; the resource is reconciled as soon as it appears.");
  }

  /** The value of {@code key}, or null with a message (naming the key, never a value) added. */
  private static String value(Secret secret, String key, List<String> missing) {
    String name = secret.getMetadata().getName();
    String raw = secret.getData() == null ? null : secret.getData().get(key);
    String value = null;
    if (raw != null) {
      try {
        value = new String(Base64.getDecoder().decode(raw.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        missing.add("Secret '" + name + "' key '" + key + "' is not valid Base64");
        return null;
      }
    } else if (secret.getStringData() != null) {
      // Only an API server converts stringData to data; a test server may keep it as given.
      value = secret.getStringData().get(key);
    }
    if (value == null || value.isEmpty()) {
      missing.add("Secret '" + name + "' has no key '" + key + "' (or its value is empty)");
      return null;
    }
    return value;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
