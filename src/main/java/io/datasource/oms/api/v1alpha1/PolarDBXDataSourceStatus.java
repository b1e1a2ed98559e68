package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed and did. Written only by the operator; never holds a secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolarDBXDataSourceStatus {

  @JsonPropertyDescription("The name this resource manages in OMS (spec.name or metadata.name).")
  private String omsName;

  @JsonPropertyDescription("The OMS data source ID, once created or adopted.")
  private String dataSourceId;

  @JsonPropertyDescription("The metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard conditions: Ready (the data source exists in OMS and is this resource's) and"
          + " UpToDate (it matches the current spec and Secrets).")
  // Fabric8's Condition has no field descriptions; ConditionSchema gives kubectl explain some.
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The last error OMS reported; cleared on success.")
  private OmsErrorStatus lastError;

  @JsonPropertyDescription("The request ID of the last OMS call made for this resource.")
  private String lastRequestId;

  @JsonPropertyDescription(
      "A create attempt whose outcome is not yet recorded, as earlier versions wrote it (it"
          + " now lives in the annotation oms.datasource.io/create-intent). Still honoured when"
          + " found: the operator looks the name up and adopts what it created instead of"
          + " creating twice.")
  private CreateIntent createIntent;

  @JsonPropertyDescription(
      "The id of the last create intent (annotation oms.datasource.io/create-intent) whose"
          + " outcome this status records: that annotation is then history, not a create in"
          + " flight.")
  private String settledIntent;

  @JsonPropertyDescription(
      "Fingerprint of the spec fields sent to OMS when the data source was created or adopted.")
  private String specFingerprint;

  @JsonPropertyDescription(
      "Fingerprint of the Secret versions (UID and resourceVersion, never a value) used when the"
          + " data source was created or adopted.")
  private String secretsFingerprint;

  @JsonPropertyDescription(
      "The last value of the annotation oms.datasource.io/reconcile-requested-at that the"
          + " operator acted on: a script that sets the annotation waits until this equals it.")
  private String lastHandledReconcileAt;

  public String getOmsName() {
    return omsName;
  }

  public void setOmsName(String omsName) {
    this.omsName = omsName;
  }

  public String getDataSourceId() {
    return dataSourceId;
  }

  public void setDataSourceId(String dataSourceId) {
    this.dataSourceId = dataSourceId;
  }

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

  public OmsErrorStatus getLastError() {
    return lastError;
  }

  public void setLastError(OmsErrorStatus lastError) {
    this.lastError = lastError;
  }

  public String getLastRequestId() {
    return lastRequestId;
  }

  public void setLastRequestId(String lastRequestId) {
    this.lastRequestId = lastRequestId;
  }

  public CreateIntent getCreateIntent() {
    return createIntent;
  }

  public void setCreateIntent(CreateIntent createIntent) {
    this.createIntent = createIntent;
  }

  public String getSettledIntent() {
    return settledIntent;
  }

  public void setSettledIntent(String settledIntent) {
    this.settledIntent = settledIntent;
  }

  public String getSpecFingerprint() {
    return specFingerprint;
  }

  public void setSpecFingerprint(String specFingerprint) {
    this.specFingerprint = specFingerprint;
  }

  public String getSecretsFingerprint() {
    return secretsFingerprint;
  }

  public void setSecretsFingerprint(String secretsFingerprint) {
    this.secretsFingerprint = secretsFingerprint;
  }

  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PolarDBXDataSourceStatus that)) {
      return false;
    }
    return Objects.equals(omsName, that.omsName)
        && Objects.equals(dataSourceId, that.dataSourceId)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(lastError, that.lastError)
        && Objects.equals(lastRequestId, that.lastRequestId)
        && Objects.equals(createIntent, that.createIntent)
        && Objects.equals(settledIntent, that.settledIntent)
        && Objects.equals(specFingerprint, that.specFingerprint)
        && Objects.equals(secretsFingerprint, that.secretsFingerprint)
        && Objects.equals(lastHandledReconcileAt, that.lastHandledReconcileAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(omsName, dataSourceId, observedGeneration, conditions, lastError,
        lastRequestId, createIntent, settledIntent, specFingerprint, secretsFingerprint,
        lastHandledReconcileAt);
  }

  @Override
  public String toString() {
    return "PolarDBXDataSourceStatus[omsName=" + omsName + ", dataSourceId=" + dataSourceId
        + ", observedGeneration=" + observedGeneration + ", conditions=" + conditions
        + ", lastError=" + lastError + ", lastRequestId=" + lastRequestId
        + ", createIntent=" + createIntent + ", settledIntent=" + settledIntent
        + ", specFingerprint=" + specFingerprint
        + ", secretsFingerprint=" + secretsFingerprint
        + ", lastHandledReconcileAt=" + lastHandledReconcileAt + "]";
  }
}
