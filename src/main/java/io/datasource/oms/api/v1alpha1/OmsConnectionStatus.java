package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator found when it last checked the connection. Never holds a secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OmsConnectionStatus {

  @JsonPropertyDescription("The metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready: the operator reached OMS with these credentials (a one-page"
      + " ListDataSource), checked on every change and periodically. Deleting: present while the"
      + " connection is being deleted and resources still use it.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many PolarDBXDataSource resources name this connection.")
  private Integer resourceCount;

  @JsonPropertyDescription("namespace/name of the resources that use it (at most 50 listed).")
  private List<String> usedBy;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public Integer getResourceCount() {
    return resourceCount;
  }

  public void setResourceCount(Integer resourceCount) {
    this.resourceCount = resourceCount;
  }

  public List<String> getUsedBy() {
    return usedBy;
  }

  public void setUsedBy(List<String> usedBy) {
    this.usedBy = usedBy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OmsConnectionStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(resourceCount, that.resourceCount)
        && Objects.equals(usedBy, that.usedBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, resourceCount, usedBy);
  }
}
