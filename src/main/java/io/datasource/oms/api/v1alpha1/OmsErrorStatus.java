package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The last error OMS reported, as OMS reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OmsErrorStatus {

  @JsonPropertyDescription("OMS error code, e.g. PARAM_ERROR, or HTTP_<status> without an envelope.")
  private String code;

  @JsonPropertyDescription("OMS error message (may be in Chinese).")
  private String message;

  @JsonPropertyDescription("What OMS suggests doing about it.")
  private String advice;

  @JsonPropertyDescription("The OMS request ID of the failed call; quote it to OMS support.")
  private String requestId;

  public OmsErrorStatus() {}

  public OmsErrorStatus(String code, String message, String advice, String requestId) {
    this.code = code;
    this.message = message;
    this.advice = advice;
    this.requestId = requestId;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getAdvice() {
    return advice;
  }

  public void setAdvice(String advice) {
    this.advice = advice;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OmsErrorStatus that
        && Objects.equals(code, that.code)
        && Objects.equals(message, that.message)
        && Objects.equals(advice, that.advice)
        && Objects.equals(requestId, that.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, message, advice, requestId);
  }

  @Override
  public String toString() {
    return "OmsErrorStatus[code=" + code + ", message=" + message + ", advice=" + advice
        + ", requestId=" + requestId + "]";
  }
}
