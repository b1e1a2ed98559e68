package io.datasource.oms.oms;

/**
 * What OMS said about a failure, as far as it said anything. All fields may be null;
 * {@code httpStatus} is 0 when no HTTP answer arrived (connect failure, timeout, reset).
 * Never carries a secret: it is built from the answer envelope, which never echoes the request.
 */
public record OmsError(String code, String message, String advice, String requestId, int httpStatus) {

  public static OmsError none() {
    return new OmsError(null, null, null, null, 0);
  }

  public static OmsError httpStatus(int status, String requestId) {
    return new OmsError("HTTP_" + status, "OMS answered HTTP " + status, null, requestId, status);
  }
}
