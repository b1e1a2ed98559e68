package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Secret in the resource's namespace with the database user and password. */
public class CredentialsSecretRef {

  @JsonPropertyDescription("Name of the Secret, in the resource's own namespace.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  @JsonPropertyDescription("Key of the database user name in the Secret.")
  @Default("username")
  @Size(min = 1)
  private String usernameKey;

  @JsonPropertyDescription("Key of the database password in the Secret.")
  @Default("password")
  @Size(min = 1)
  private String passwordKey;

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUsernameKey() {
    return usernameKey;
  }

  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }

  /** The user name key, with the default applied (the mock API server applies no defaults). */
  public String effectiveUsernameKey() {
    return usernameKey == null || usernameKey.isEmpty() ? "username" : usernameKey;
  }

  /** The password key, with the default applied. */
  public String effectivePasswordKey() {
    return passwordKey == null || passwordKey.isEmpty() ? "password" : passwordKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialsSecretRef that
        && Objects.equals(name, that.name)
        && Objects.equals(usernameKey, that.usernameKey)
        && Objects.equals(passwordKey, that.passwordKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, usernameKey, passwordKey);
  }

  @Override
  public String toString() {
    return "CredentialsSecretRef[name=" + name + ", usernameKey=" + usernameKey
        + ", passwordKey=" + passwordKey + "]";
  }
}
