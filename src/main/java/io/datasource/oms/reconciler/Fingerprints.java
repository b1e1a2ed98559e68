package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short hashes that tell whether the inputs of a data source changed. The Secret fingerprint is
 * built from Secret identities and versions only, never from a value: a hash of a short password
 * could be guessed, and status is readable by more people than Secrets are.
 */
final class Fingerprints {
  private Fingerprints() {}

  /** The spec fields sent to OMS (name, region, address, description). */
  static String spec(PolarDBXDataSource resource) {
    PolarDBXDataSourceSpec spec = resource.getSpec();
    return hash("name=" + resource.effectiveOmsName(),
        "region=" + spec.getRegion(),
        "intranetAddr=" + spec.getIntranetAddr(),
        "description=" + (spec.getDescription() == null ? "" : spec.getDescription()));
  }

  /** The versions of the two Secrets (which may be the same Secret). */
  static String secrets(Secret credentials, Secret accessKey) {
    return hash(identity(credentials), identity(accessKey));
  }

  private static String identity(Secret s) {
    return s.getMetadata().getName() + "/" + s.getMetadata().getUid() + "/"
        + s.getMetadata().getResourceVersion();
  }

  /** SHA-256 of the parts, each ended by a zero byte; the first 8 bytes in hex. */
  static String hash(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
