package io.datasource.oms.simulator;

/** How the simulator answers an action it does not know (OMS does not document it). */
public enum UnknownActionStyle {
  /** HTTP 200 with {@code success: false} and code {@code UNKNOWN_ACTION}. */
  ENVELOPE,
  /** HTTP 404 with the envelope as body. */
  HTTP_404
}
