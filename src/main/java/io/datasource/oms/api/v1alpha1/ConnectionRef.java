package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The OmsConnection a data source lives in. */
public class ConnectionRef {

  @JsonPropertyDescription("Name of the (cluster-scoped) OmsConnection.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  public ConnectionRef() {}

  public ConnectionRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionRef that && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return "ConnectionRef[name=" + name + "]";
  }
}
