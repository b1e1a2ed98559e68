package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of a status condition as the CRD describes it; never instantiated. The status holds
 * Fabric8's {@code Condition}, whose fields carry no descriptions, so {@code kubectl explain
 * pxds.status.conditions} would show none: {@code PolarDBXDataSourceStatus.conditions} points the
 * generator here instead (same field names and types). Public fields only so that Jackson, which
 * the generator uses, sees them.
 */
final class ConditionSchema {

  @JsonPropertyDescription("Ready or UpToDate.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription(
      "Why, as one CamelCase word (e.g. Created, SecretNotFound); the README lists each with what"
          + " to do.")
  public String reason;

  @JsonPropertyDescription("What happened and, for a failure, whether and when the operator tries"
      + " again.")
  public String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was written for.")
  public Long observedGeneration;

  private ConditionSchema() {}
}
