package io.datasource.oms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The in-memory OMS without HTTP: the store, the validation of OMS-API.md and the three actions,
 * plus the changes someone makes in the OMS console behind the operator's back. {@link
 * OmsSimulator} puts an HTTP front on it; tests and benchmarks may drive it directly. Thread-safe.
 *
 * <p>The actions take the request body as parsed JSON (null when it is not a JSON object) and
 * answer what OMS would put in its envelope; business failures are {@code success: false}.
 */
public final class SimulatedOms {

  public static final String LIST_ACTION = "ListDataSource";
  public static final String DELETE_ACTION = "DeleteDataSource";
  /** Code of every validation failure, and of the connectivity test failure. */
  public static final String CODE_PARAM_ERROR = "PARAM_ERROR";
  /** Message prefix of the connectivity test failure (code {@link #CODE_PARAM_ERROR}). */
  public static final String CONNECTIVITY_FAILED = "Connectivity test failed";
  /** Message prefix of a duplicate name (code {@link #CODE_PARAM_ERROR}); OMS documents none. */
  public static final String DUPLICATE_NAME = "Duplicate data source name";
  /** Delete of an ID that does not exist. */
  public static final String CODE_NOT_EXIST = "DATASOURCE_NOT_EXIST";
  /** Delete of a data source used by a migration project. */
  public static final String CODE_IN_USE = "DATASOURCE_IN_USE";
  /** The {@code type} listed for a PolarDB-X 1.0 source (undocumented in OMS). */
  public static final String POLARDBX_TYPE = "DRDS";
  /** The default cap on ListDataSource's page size. */
  public static final int DEFAULT_MAX_PAGE_SIZE = 100;

  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final CreateSpelling createSpellings;
  private final UserFieldKey userFieldKey;
  private final Set<String> validRegions;
  private final boolean paddedIds;
  private final int maxPageSize;
  private final Map<String, StoredDataSource> dataSources = new LinkedHashMap<>();
  private volatile Set<String> unreachable = Set.of();
  private volatile boolean deleteSupported = true;

  /** Both create spellings, either user key, any region, padded IDs, the default page cap. */
  public SimulatedOms() {
    this(CreateSpelling.BOTH, UserFieldKey.BOTH, null, true, DEFAULT_MAX_PAGE_SIZE);
  }

  /**
   * @param validRegions the regions create accepts, or null for any
   * @param paddedIds whether create answers the ID with a leading space, as the documented
   *     example does; the stored and listed ID never has it
   * @param maxPageSize the largest page ListDataSource serves
   */
  public SimulatedOms(CreateSpelling createSpellings, UserFieldKey userFieldKey,
      Set<String> validRegions, boolean paddedIds, int maxPageSize) {
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("maxPageSize must be positive");
    }
    this.createSpellings = Objects.requireNonNull(createSpellings);
    this.userFieldKey = Objects.requireNonNull(userFieldKey);
    this.validRegions = validRegions == null ? null : Set.copyOf(validRegions);
    this.paddedIds = paddedIds;
    this.maxPageSize = maxPageSize;
  }

  // ---------------------------------------------------------------- the actions

  /** Whether this OMS serves the action (a create spelling it accepts, list, or delete). */
  public boolean knows(String action) {
    return createSpellings.accepts(action) || LIST_ACTION.equals(action)
        || (DELETE_ACTION.equals(action) && deleteSupported);
  }

  /** CreatePolarDBDataSource: validates, then stores; answers the new ID. */
  public OmsAnswer create(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    CreateValidation.Request r = CreateValidation.read(req, userFieldKey);
    String problem = CreateValidation.problem(r, userFieldKey, validRegions);
    if (problem != null) {
      return paramError(problem);
    }
    if (unreachable.contains(r.intranetAddr())) {
      return paramError(CONNECTIVITY_FAILED + ": cannot connect to " + r.intranetAddr());
    }
    synchronized (this) {
      if (findEntryByName(r.name()) != null) {
        return paramError(DUPLICATE_NAME + ": " + r.name());
      }
      StoredDataSource e = new StoredDataSource(newId(), r.name(), POLARDBX_TYPE, r.region(),
          r.user(), r.intranetAddr(), r.description(), r.accessKey(), Instant.now());
      dataSources.put(e.id, e);
      return OmsAnswer.ok(paddedIds ? " " + e.id : e.id);
    }
  }

  /** ListDataSource: substring match on the name or the exact ID, optional types, one page. */
  public OmsAnswer list(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    String searchKey = CreateValidation.text(req, "searchKey");
    int pageNumber = req.path("pageNumber").asInt(1);
    int pageSize = req.path("pageSize").asInt(10);
    if (pageNumber < 1 || pageSize < 1) {
      return paramError("pageNumber and pageSize must be positive");
    }
    // Like a real server, a page is never larger than the server allows.
    pageSize = Math.min(pageSize, maxPageSize);
    Set<String> types = null;
    if (req.path("types").isArray() && req.path("types").size() > 0) {
      types = new HashSet<>();
      for (JsonNode t : req.path("types")) {
        types.add(t.asText());
      }
    }
    List<StoredDataSource> matching = new ArrayList<>();
    synchronized (this) {
      for (StoredDataSource e : dataSources.values()) {
        boolean keyMatches = searchKey == null || searchKey.isEmpty()
            || e.name.contains(searchKey) || e.id.equals(searchKey);
        if (keyMatches && (types == null || types.contains(e.type))) {
          matching.add(e);
        }
      }
    }
    long from = (long) (pageNumber - 1) * pageSize;
    List<Object> page = new ArrayList<>();
    for (long i = from; i < Math.min(matching.size(), from + pageSize); i++) {
      page.add(matching.get((int) i).asListItem());
    }
    return OmsAnswer.page(page, pageNumber, pageSize, matching.size());
  }

  /** DeleteDataSource: refused for an unknown ID or a data source in use. */
  public OmsAnswer delete(JsonNode req) {
    if (req == null) {
      return paramError("The request body must be a JSON object");
    }
    String id = CreateValidation.text(req, "id");
    if (id == null || id.isBlank()) {
      return paramError("Missing required parameter: id");
    }
    synchronized (this) {
      StoredDataSource e = dataSources.get(id.trim());
      if (e == null) {
        return OmsAnswer.failure(200, CODE_NOT_EXIST, "Data source does not exist: " + id);
      }
      if (e.inUse) {
        return OmsAnswer.failure(200, CODE_IN_USE,
            "Data source " + id + " is used by a migration project");
      }
      dataSources.remove(e.id);
    }
    return OmsAnswer.ok(null);
  }

  // ---------------------------------------------------------------- inspection and the console

  /** The data sources present, in creation order. */
  public synchronized List<SimulatedDataSource> dataSources() {
    List<SimulatedDataSource> out = new ArrayList<>(dataSources.size());
    for (StoredDataSource e : dataSources.values()) {
      out.add(e.snapshot());
    }
    return out;
  }

  /** The data source with this name, if any. */
  public synchronized Optional<SimulatedDataSource> findByName(String name) {
    return Optional.ofNullable(findEntryByName(name)).map(StoredDataSource::snapshot);
  }

  /** Adds a data source as if someone had created it outside the operator; returns its ID. */
  public synchronized String addExisting(String name, String region) {
    if (findEntryByName(name) != null) {
      throw new IllegalStateException("a data source named " + name + " exists already");
    }
    StoredDataSource e = new StoredDataSource(newId(), name, POLARDBX_TYPE, region,
        "existing-user", "10.0.0.1:3306", "created outside the operator", "existing-access-key",
        Instant.now());
    dataSources.put(e.id, e);
    return e.id;
  }

  /** Deletes a data source as someone in the OMS console would, behind the operator's back. */
  public synchronized void deleteBehindBack(String id) {
    entryOrThrow(id);
    dataSources.remove(id);
  }

  /** Changes the fields of a data source behind the operator's back; null keeps that field. */
  public synchronized void changeBehindBack(String id, String region, String intranetAddr,
      String description) {
    StoredDataSource e = entryOrThrow(id);
    if (region != null) {
      e.region = region;
    }
    if (intranetAddr != null) {
      e.intranetAddr = intranetAddr;
    }
    if (description != null) {
      e.description = description;
    }
  }

  /** Marks the data source as used by a migration project: delete is then refused. */
  public synchronized void markInUse(String id) {
    entryOrThrow(id).inUse = true;
  }

  /** Undoes {@link #markInUse(String)}. */
  public synchronized void release(String id) {
    entryOrThrow(id).inUse = false;
  }

  /** Create answers PARAM_ERROR "Connectivity test failed ..." for these intranet addresses. */
  public void unreachableAddresses(Set<String> addresses) {
    unreachable = Set.copyOf(addresses);
  }

  /** When false, DeleteDataSource is an unknown action. */
  public void deleteSupported(boolean supported) {
    deleteSupported = supported;
  }

  /** The largest page ListDataSource serves; larger requests get pages of this size. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** Forgets every data source, the unreachable addresses, and turns delete back on. */
  public void reset() {
    synchronized (this) {
      dataSources.clear();
    }
    unreachable = Set.of();
    deleteSupported = true;
  }

  private static OmsAnswer paramError(String message) {
    return OmsAnswer.failure(200, CODE_PARAM_ERROR, message);
  }

  private StoredDataSource findEntryByName(String name) {
    for (StoredDataSource e : dataSources.values()) {
      if (e.name.equals(name)) {
        return e;
      }
    }
    return null;
  }

  private StoredDataSource entryOrThrow(String id) {
    StoredDataSource e = dataSources.get(id);
    if (e == null) {
      throw new IllegalArgumentException("no data source " + id);
    }
    return e;
  }

  private String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      StringBuilder b = new StringBuilder("e_");
      for (int i = 0; i < 12; i++) {
        b.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
      }
      String id = b.toString();
      if (!dataSources.containsKey(id)) {
        return id;
      }
    }
  }
}
