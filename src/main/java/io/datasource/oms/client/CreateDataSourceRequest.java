package io.datasource.oms.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What CreatePolarDBDataSource needs. {@code password} holds the database password's bytes
 * exactly as stored in the Secret (they need not be UTF-8: the client sends their Base64, in
 * exactly one place). {@link #toString()} redacts the password and the AccessKey secret.
 */
public record CreateDataSourceRequest(
    String name,
    String region,
    String username,
    byte[] password,
    String accessKeyId,
    String accessKeySecret,
    String intranetAddr,
    String description) {

  public CreateDataSourceRequest {
    Objects.requireNonNull(name, "name");
    password = password == null ? null : password.clone();
  }

  /** A request whose password is text: its UTF-8 bytes are sent. */
  public CreateDataSourceRequest(String name, String region, String username, String password,
      String accessKeyId, String accessKeySecret, String intranetAddr, String description) {
    this(name, region, username,
        password == null ? null : password.getBytes(StandardCharsets.UTF_8), accessKeyId,
        accessKeySecret, intranetAddr, description);
  }

  /** A copy of the password's bytes (null when absent). */
  @Override
  public byte[] password() {
    return password == null ? null : password.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CreateDataSourceRequest r
        && name.equals(r.name) && Objects.equals(region, r.region)
        && Objects.equals(username, r.username) && Arrays.equals(password, r.password)
        && Objects.equals(accessKeyId, r.accessKeyId)
        && Objects.equals(accessKeySecret, r.accessKeySecret)
        && Objects.equals(intranetAddr, r.intranetAddr)
        && Objects.equals(description, r.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, region, username, Arrays.hashCode(password), accessKeyId,
        accessKeySecret, intranetAddr, description);
  }

  @Override
  public String toString() {
    return "CreateDataSourceRequest[name=" + name
        + ", region=" + region
        + ", username=" + username
        + ", password=" + Redaction.REDACTED
        + ", accessKeyId=" + accessKeyId
        + ", accessKeySecret=" + Redaction.REDACTED
        + ", intranetAddr=" + intranetAddr
        + ", description=" + description + "]";
  }
}
