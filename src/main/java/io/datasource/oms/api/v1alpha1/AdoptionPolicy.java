package io.datasource.oms.api.v1alpha1;

/** Whether a pre-existing data source of the same name, not created by this resource, is taken over. */
public enum AdoptionPolicy {
  /** Report NameConflict and leave the existing data source alone (the default). */
  Refuse,
  /** Take the existing data source over: its ID goes into status. */
  Adopt
}
