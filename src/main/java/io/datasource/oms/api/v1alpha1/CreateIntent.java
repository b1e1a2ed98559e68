package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A create the operator is about to make, or made without learning its outcome. Written once,
 * before the first create call, and left unchanged by retries (so that a repeating failure does not
 * rewrite status); cleared when the ID is recorded or ListDataSource shows the name is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CreateIntent {

  @JsonPropertyDescription("The OMS name the create was, or is about to be, sent for.")
  private String omsName;

  @JsonPropertyDescription("When the intent was recorded (RFC 3339).")
  private String recordedAt;

  public CreateIntent() {}

  public CreateIntent(String omsName, String recordedAt) {
    this.omsName = omsName;
    this.recordedAt = recordedAt;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof CreateIntent that
        && Objects.equals(omsName, that.omsName)
        && Objects.equals(recordedAt, that.recordedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(omsName, recordedAt);
  }

  @Override
  public String toString() {
    return "CreateIntent[omsName=" + omsName + ", recordedAt=" + recordedAt + "]";
  }
}
