package io.datasource.oms.simulator;

/** Property-name casing of the answers: {@code success} or {@code Success}. */
public enum EnvelopeCasing {
  CAMEL,
  PASCAL
}
