package io.datasource.oms.simulator;

/** Which spelling(s) of the create action the simulator accepts (OMS-API.md, contradiction 1). */
public enum CreateSpelling {
  /** Only {@code CreatePolarDBDataSource}, as the document's title says. */
  POLAR,
  /** Only {@code CreatePilarDBDataSource}, as the document's request path says. */
  PILAR,
  /** Both. */
  BOTH;

  public static final String POLAR_ACTION = "CreatePolarDBDataSource";
  public static final String PILAR_ACTION = "CreatePilarDBDataSource";

  boolean accepts(String action) {
    switch (this) {
      case POLAR:
        return POLAR_ACTION.equals(action);
      case PILAR:
        return PILAR_ACTION.equals(action);
      default:
        return POLAR_ACTION.equals(action) || PILAR_ACTION.equals(action);
    }
  }
}
