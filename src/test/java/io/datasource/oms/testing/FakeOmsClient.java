package io.datasource.oms.testing;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written in-memory OMS for unit tests. Failures are scripted per action: {@link
 * #failNext(String, OmsException)} makes the next call fail before doing anything; {@link
 * #commitThenFail(OmsException)} makes the next create commit and then fail (a lost answer).
 */
public final class FakeOmsClient implements OmsClient {

  public static final String CREATE = "create";
  public static final String LIST = "list";
  public static final String DELETE = "delete";

  private final Map<String, DataSourceRecord> byId = new LinkedHashMap<>();
  private final Map<String, Deque<OmsException>> failures = new LinkedHashMap<>();
  private final Deque<OmsException> afterCommit = new ArrayDeque<>();
  private final List<String> calls = new ArrayList<>();
  private final List<CreateDataSourceRequest> createRequests = new ArrayList<>();
  private final Deque<Runnable> beforeCreate = new ArrayDeque<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  public synchronized FakeOmsClient failNext(String action, OmsException e) {
    failures.computeIfAbsent(action, a -> new ArrayDeque<>()).add(e);
    return this;
  }

  public synchronized FakeOmsClient commitThenFail(OmsException e) {
    afterCommit.add(e);
    return this;
  }

  /** Runs {@code r} at the start of the next create call (e.g. a late commit of an earlier one). */
  public synchronized FakeOmsClient beforeNextCreate(Runnable r) {
    beforeCreate.add(r);
    return this;
  }

  /** Puts this record as OMS lists it (e.g. changed in the OMS console). */
  public synchronized void putRecord(DataSourceRecord record) {
    byId.put(record.id(), record);
  }

  public synchronized String addExisting(String name) {
    String id = "e_existing" + ids.incrementAndGet();
    byId.put(id, record(id, name));
    return id;
  }

  public synchronized List<DataSourceRecord> dataSources() {
    return List.copyOf(byId.values());
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized long count(String action) {
    return calls.stream().filter(action::equals).count();
  }

  public synchronized List<CreateDataSourceRequest> createRequests() {
    return List.copyOf(createRequests);
  }

  @Override
  public synchronized CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
    calls.add(CREATE);
    createRequests.add(request);
    if (!beforeCreate.isEmpty()) {
      beforeCreate.poll().run();
    }
    maybeFail(CREATE);
    for (DataSourceRecord r : byId.values()) {
      if (r.name().equals(request.name())) {
        throw rejected("Duplicate data source name: " + request.name());
      }
    }
    String id = "e_fake" + ids.incrementAndGet();
    byId.put(id, record(id, request.name()));
    if (!afterCommit.isEmpty()) {
      throw afterCommit.poll();
    }
    return new CreateResult(id, nextRequestId(), "1 ms");
  }

  @Override
  public synchronized ListResult listDataSources(String searchKey) {
    calls.add(LIST);
    maybeFail(LIST);
    List<DataSourceRecord> matches = new ArrayList<>();
    for (DataSourceRecord r : byId.values()) {
      // substring match, as a real OMS may do: the caller must compare names itself
      if (searchKey == null || r.name().contains(searchKey) || r.id().equals(searchKey)) {
        matches.add(r);
      }
    }
    return new ListResult(matches, nextRequestId());
  }

  @Override
  public synchronized DeleteResult deleteDataSource(String id) {
    calls.add(DELETE);
    maybeFail(DELETE);
    if (byId.remove(id) == null) {
      throw new OmsException.NotFound("DeleteDataSource",
          new OmsError("DATASOURCE_NOT_EXIST", "no such data source", null, nextRequestId(), 200),
          "not found");
    }
    return new DeleteResult(nextRequestId(), "1 ms");
  }

  public static OmsException.Rejected rejected(String message) {
    return new OmsException.Rejected("CreatePolarDBDataSource",
        new OmsError("PARAM_ERROR", message, "Check the request", "req-rejected", 200),
        "rejected");
  }

  public static OmsException.Transient unavailable(String action) {
    return new OmsException.Transient(action, OmsError.httpStatus(503, null), "unavailable", null);
  }

  private void maybeFail(String action) {
    Deque<OmsException> queue = failures.get(action);
    if (queue != null && !queue.isEmpty()) {
      throw queue.poll();
    }
  }

  private String nextRequestId() {
    return "req-" + requests.incrementAndGet();
  }

  private static DataSourceRecord record(String id, String name) {
    return new DataSourceRecord(id, name, "DRDS", "cn-anhui", "10.0.0.8", 3306, "u", null, null,
        null);
  }
}
