package io.datasource.oms;

/** Entry point: wiring only. Filled in by the runnable-operator work. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("not wired yet");
  }
}
