package io.datasource.oms.client;

/**
 * The three OMS operations the operator needs. Implementations are synchronous, thread-safe, and
 * bound every call by the configured timeouts.
 *
 * <p>Every failure is an {@link OmsException}; callers branch on {@link OmsException#kind()}, never
 * on message text.
 */
public interface OmsClient {

  /** Creates a PolarDB-X 1.0 data source; answers with the new ID, the request ID and the cost. */
  CreateResult createPolarDbxDataSource(CreateDataSourceRequest request);

  /** Lists the data sources matching {@code searchKey}, following every page. */
  ListResult listDataSources(String searchKey);

  /** Deletes the data source with this ID. An unknown ID is a {@link OmsException.NotFound}. */
  DeleteResult deleteDataSource(String id);
}
