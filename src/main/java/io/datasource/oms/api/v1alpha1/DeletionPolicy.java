package io.datasource.oms.api.v1alpha1;

/** What deleting the resource does in OMS. */
public enum DeletionPolicy {
  /** Call DeleteDataSource; the finalizer stays until OMS confirms. */
  Delete,
  /** Leave the data source in OMS; release the resource at once. */
  Orphan
}
