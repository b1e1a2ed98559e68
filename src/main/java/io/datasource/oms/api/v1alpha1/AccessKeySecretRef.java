package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A Secret in the resource's namespace with the Alibaba Cloud AccessKey pair. */
public class AccessKeySecretRef {

  @JsonPropertyDescription("Name of the Secret, in the resource's own namespace.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  @JsonPropertyDescription("Key of the AccessKey ID in the Secret.")
  @Default("accessKeyId")
  @Size(min = 1)
  private String accessKeyIdKey;

  @JsonPropertyDescription("Key of the AccessKey secret in the Secret.")
  @Default("accessKeySecret")
  @Size(min = 1)
  private String accessKeySecretKey;

  public AccessKeySecretRef() {}

  public AccessKeySecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getAccessKeySecretKey() {
    return accessKeySecretKey;
  }

  public void setAccessKeySecretKey(String accessKeySecretKey) {
    this.accessKeySecretKey = accessKeySecretKey;
  }

  /** The AccessKey ID key, with the default applied. */
  public String effectiveAccessKeyIdKey() {
    return accessKeyIdKey == null || accessKeyIdKey.isEmpty() ? "accessKeyId" : accessKeyIdKey;
  }

  /** The AccessKey secret key, with the default applied. */
  public String effectiveAccessKeySecretKey() {
    return accessKeySecretKey == null || accessKeySecretKey.isEmpty()
        ? "accessKeySecret" : accessKeySecretKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessKeySecretRef that
        && Objects.equals(name, that.name)
        && Objects.equals(accessKeyIdKey, that.accessKeyIdKey)
        && Objects.equals(accessKeySecretKey, that.accessKeySecretKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, accessKeyIdKey, accessKeySecretKey);
  }

  @Override
  public String toString() {
    return "AccessKeySecretRef[name=" + name + ", accessKeyIdKey=" + accessKeyIdKey
        + ", accessKeySecretKey=" + accessKeySecretKey + "]";
  }
}
