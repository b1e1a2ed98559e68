package io.datasource.oms.simulator;

/** How the simulator writes the envelope's {@code cost}. */
public enum CostShape {
  /** Text with a leading space and a unit, as seen: {@code " 27 ms"}. */
  TEXT_MS,
  /** Text without padding: {@code "27 ms"}. */
  TEXT_MS_COMPACT,
  /** A bare JSON number of milliseconds: {@code 27}. */
  NUMBER
}
