package io.datasource.oms.api.v1alpha1;

/** What to do when the spec or credentials change after creation; OMS has no update operation. */
public enum UpdatePolicy {
  /** Report UpToDate=False with the reason; change nothing in OMS (the default). */
  None,
  /** Delete the data source in OMS and create it again (a new ID). */
  Recreate
}
