package io.datasource.oms.reconciler;

import io.datasource.oms.client.Redaction;

/**
 * The credentials of one resource as read from its Secrets: either all four values and a
 * fingerprint of the Secret versions, or why they are unavailable. {@link #toString()} never prints
 * a value.
 *
 * @param reason null when resolved, else {@code SecretNotFound}, {@code SecretKeyMissing} or
 *     {@code SecretValueInvalid}
 * @param password the password's bytes exactly as stored (not necessarily UTF-8)
 * @param message names the Secret and key, never a value
 * @param fingerprint of the Secret versions (UID and resourceVersion), null when unresolved
 */
record Resolution(
    String reason,
    String message,
    String username,
    byte[] password,
    String accessKeyId,
    String accessKeySecret,
    String fingerprint) {

  static Resolution resolved(String username, byte[] password, String accessKeyId,
      String accessKeySecret, String fingerprint) {
    return new Resolution(null, null, username, password, accessKeyId, accessKeySecret,
        fingerprint);
  }

  static Resolution unavailable(String reason, String message) {
    return new Resolution(reason, message, null, null, null, null, null);
  }

  boolean ok() {
    return reason == null;
  }

  @Override
  public String toString() {
    return ok()
        ? "Resolution[resolved, username=" + username + ", password=" + Redaction.REDACTED
            + ", accessKeyId=" + accessKeyId + ", accessKeySecret=" + Redaction.REDACTED
            + ", fingerprint=" + fingerprint + "]"
        : "Resolution[" + reason + ": " + message + "]";
  }
}
