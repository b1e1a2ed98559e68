package io.datasource.oms.config;

/** How log lines are written: human text, or one JSON object per line for log collectors. */
public enum LogFormat {
  TEXT,
  JSON
}
