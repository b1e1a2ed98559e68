package io.datasource.oms.client;

import java.util.List;

/** Every data source over all pages, and the request ID of the last page fetched. */
public record ListResult(List<DataSourceRecord> dataSources, String requestId) {
  public ListResult {
    dataSources = List.copyOf(dataSources);
  }
}
