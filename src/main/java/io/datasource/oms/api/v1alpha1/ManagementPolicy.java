package io.datasource.oms.api.v1alpha1;

/** Whether the operator may change the data source in OMS, or only look at it. */
public enum ManagementPolicy {
  /** Create, recreate (when asked) and delete (by deletionPolicy): the default. */
  Manage,
  /**
   * Find the data source by name, record its ID and report drift; never create, recreate or
   * delete it. For data sources that someone else owns.
   */
  Observe
}
