package io.datasource.oms.simulator;

/** Which request key(s) the simulator reads the database user from (contradiction 2). */
public enum UserFieldKey {
  /** Only {@code username}; a request carrying only {@code userName} lacks the user. */
  USERNAME,
  /** Only {@code userName}. */
  USER_NAME,
  /** Either; {@code username} wins when both are present. */
  BOTH
}
