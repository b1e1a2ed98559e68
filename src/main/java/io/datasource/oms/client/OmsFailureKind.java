package io.datasource.oms.client;

/** The classes of the error table in OMS-API.md. */
public enum OmsFailureKind {
  /** Connect failure, timeout, reset, HTTP 408/429/5xx, or a GHANA-OPERIE code: retry with backoff. */
  TRANSIENT,
  /** PARAM_ERROR "Connectivity test failed": OMS could not reach the database; retry slowly. */
  ENVIRONMENT,
  /** HTTP 401/403: the OMS credentials are wrong; no hot retry. */
  AUTHENTICATION,
  /** success=false with any other code, or HTTP 400: terminal until the input changes. */
  REJECTED,
  /** The server does not know the action (after the create spelling fallback). */
  UNSUPPORTED_ACTION,
  /** The addressed data source does not exist. */
  NOT_FOUND
}
