package io.datasource.oms.simulator;

import java.time.Instant;

/**
 * One request as the simulator received it. {@code body} is the raw JSON text and
 * {@code authorizationHeader} the raw header (or null): both may hold secrets, so
 * {@link #toString()} shows neither.
 */
public record RecordedRequest(String action, String body, String authorizationHeader, Instant receivedAt) {

  @Override
  public String toString() {
    return "RecordedRequest[action=" + action
        + ", body=<" + (body == null ? 0 : body.length()) + " chars>"
        + ", authorizationHeader=" + (authorizationHeader == null ? "none" : "<redacted>")
        + ", receivedAt=" + receivedAt + "]";
  }
}
