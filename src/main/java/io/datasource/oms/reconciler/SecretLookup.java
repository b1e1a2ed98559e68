package io.datasource.oms.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads a Secret ({@link ReferencedSecrets} in production, a map in unit tests). */
@FunctionalInterface
interface SecretLookup {
  Optional<Secret> find(String namespace, String name);
}
