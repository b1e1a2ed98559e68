package io.datasource.oms.client;

/** A successful delete. */
public record DeleteResult(String requestId, String cost) {}
