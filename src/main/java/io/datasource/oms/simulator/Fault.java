package io.datasource.oms.simulator;

/** What an injected fault does to one call. */
public enum Fault {
  /** HTTP 500 with an envelope body; nothing is executed. */
  HTTP_500,
  /** HTTP 503 with a plain-text body, as a gateway answers; nothing is executed. */
  HTTP_503,
  /** HTTP 429 with {@code Retry-After}; nothing is executed. */
  HTTP_429,
  /** HTTP 408; nothing is executed. */
  HTTP_408,
  /** HTTP 400 with an envelope body; nothing is executed. */
  HTTP_400,
  /** HTTP 403 with an envelope body; nothing is executed. */
  HTTP_403,
  /** HTTP 200, {@code success: false}, code {@code GHANA-OPERIE...} ("retry later"); nothing executed. */
  GHANA_OPERIE,
  /** The connection is closed without an answer; nothing is executed. */
  DROP,
  /** The action is executed (a create is committed), then the connection is closed unanswered. */
  COMMIT_THEN_DROP,
  /** The action is executed (a create is committed), then answered success with blank data. */
  BLANK_DATA,
  /**
   * The action is executed, and its answer is sent only after {@link Faults#slowAnswerDelay}: an
   * answer slower than the client's request timeout, whose outcome the client never learns.
   */
  SLOW_ANSWER
}
