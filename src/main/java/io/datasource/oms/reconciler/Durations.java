package io.datasource.oms.reconciler;

import java.time.Duration;

/** Short human text for durations in status messages ("5m", "2s", "250ms"). */
final class Durations {
  private Durations() {}

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
