package io.datasource.oms.client;

/** A successful create: the data source ID (trimmed, never blank), the request ID, the cost text. */
public record CreateResult(String id, String requestId, String cost) {}
