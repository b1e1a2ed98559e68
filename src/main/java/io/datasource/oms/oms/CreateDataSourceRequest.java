package io.datasource.oms.oms;

import java.util.Objects;

/**
 * What CreatePolarDBDataSource needs. {@code password} is the plain database password; the client
 * Base64-encodes it (UTF-8) itself, in exactly one place. {@link #toString()} redacts the password
 * and the AccessKey secret.
 */
public record CreateDataSourceRequest(
    String name,
    String region,
    String username,
    String password,
    String accessKeyId,
    String accessKeySecret,
    String intranetAddr,
    String description) {

  public CreateDataSourceRequest {
    Objects.requireNonNull(name, "name");
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
