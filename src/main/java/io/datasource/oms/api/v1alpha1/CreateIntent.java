package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A create the operator is about to make, or made without learning its outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CreateIntent {

  @JsonPropertyDescription("The OMS name the create was, or is about to be, sent for.")
  private String omsName;

  @JsonPropertyDescription("When the intent was recorded (RFC 3339).")
  private String recordedAt;

  @JsonPropertyDescription("How many create calls this intent has covered so far.")
  private Integer attempts;

  public CreateIntent() {}

  public CreateIntent(String omsName, String recordedAt, Integer attempts) {
    this.omsName = omsName;
    this.recordedAt = recordedAt;
    this.attempts = attempts;
  }

  public String getOmsName() {
    return omsName;
  }

  public void setOmsName(String omsName) {
    this.omsName = omsName;
  }

  public String getRecordedAt() {
    return recordedAt;
  }

  public void setRecordedAt(String recordedAt) {
    this.recordedAt = recordedAt;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CreateIntent that
        && Objects.equals(omsName, that.omsName)
        && Objects.equals(recordedAt, that.recordedAt)
        && Objects.equals(attempts, that.attempts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(omsName, recordedAt, attempts);
  }

  @Override
  public String toString() {
    return "CreateIntent[omsName=" + omsName + ", recordedAt=" + recordedAt
        + ", attempts=" + attempts + "]";
  }
}
