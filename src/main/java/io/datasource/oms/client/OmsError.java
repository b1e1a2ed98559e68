package io.datasource.oms.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What OMS said about a failure, as far as it said anything. All fields may be null;
 * {@code httpStatus} is 0 when no HTTP answer arrived (connect failure, timeout, reset).
 * {@code errorDetail} is the envelope's open {@code errorDetail} map as OMS sent it (empty when
 * absent; keys seen: code, message, requestId, messageMcmsKey, messageMcmsContext).
 * Never carries a secret: it is built from the answer envelope, and the client scrubs any echo
 * of the request's secrets from it.
 */
public record OmsError(
    String code,
    String message,
    String advice,
    String requestId,
    int httpStatus,
    Map<String, Object> errorDetail) {

  public OmsError {
    errorDetail = errorDetail == null || errorDetail.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(errorDetail));
  }

  /** Without an {@code errorDetail} map (the original signature, kept for callers). */
  public OmsError(String code, String message, String advice, String requestId, int httpStatus) {
    this(code, message, advice, requestId, httpStatus, Map.of());
  }

  public static OmsError none() {
    return new OmsError(null, null, null, null, 0);
  }

  public static OmsError httpStatus(int status, String requestId) {
    return new OmsError("HTTP_" + status, "OMS answered HTTP " + status, null, requestId, status);
  }
}
