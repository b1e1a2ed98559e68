package io.datasource.oms.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;

/**
 * An in-memory OMS on the JDK HttpServer, bound to the loopback interface. See OMS-API.md for the
 * behaviour it reproduces.
 *
 * <p>The OMS itself (store, validation, actions) is {@link SimulatedOms}, reachable through
 * {@link #oms()}; {@link HttpFront} records every call, delays it, refuses it or injects a fault,
 * and routes it to the action; {@link AnswerWriter} puts the answer in the envelope. Business
 * failures are answered with HTTP 200 and {@code success: false}, as OMS does.
 */
public final class OmsSimulator implements AutoCloseable {

  public static final String LIST_ACTION = SimulatedOms.LIST_ACTION;
  public static final String DELETE_ACTION = SimulatedOms.DELETE_ACTION;
  /**
   * A fault key for ListDataSource calls without a search key only (the operator's inventory),
   * so that a test can fail those while lookups by name go through. Faults for
   * {@link #LIST_ACTION} apply to both.
   */
  public static final String LISTING_ALL = "ListDataSource(all)";

  /** Code of every validation failure, and of the connectivity test failure. */
  public static final String CODE_PARAM_ERROR = SimulatedOms.CODE_PARAM_ERROR;
  /** Message prefix of the connectivity test failure (code {@link #CODE_PARAM_ERROR}). */
  public static final String CONNECTIVITY_FAILED = SimulatedOms.CONNECTIVITY_FAILED;
  /** Message prefix of a duplicate name (code {@link #CODE_PARAM_ERROR}); OMS documents none. */
  public static final String DUPLICATE_NAME = SimulatedOms.DUPLICATE_NAME;
  /** Delete of an ID that does not exist. */
  public static final String CODE_NOT_EXIST = SimulatedOms.CODE_NOT_EXIST;
  /** Delete of a data source used by a migration project. */
  public static final String CODE_IN_USE = SimulatedOms.CODE_IN_USE;
  /** An action the server does not know. */
  public static final String CODE_UNKNOWN_ACTION = "UNKNOWN_ACTION";
  /** Missing or wrong Basic credentials (HTTP 401). */
  public static final String CODE_UNAUTHORIZED = "UNAUTHORIZED";
  /** The internal "retry later" error. */
  public static final String CODE_GHANA_OPERIE = "GHANA-OPERIE0001";
  /** The {@code type} the simulator lists for a PolarDB-X 1.0 source (undocumented in OMS). */
  public static final String POLARDBX_TYPE = SimulatedOms.POLARDBX_TYPE;
  /** The simulator's default cap on ListDataSource's page size. */
  public static final int DEFAULT_MAX_PAGE_SIZE = SimulatedOms.DEFAULT_MAX_PAGE_SIZE;

  private final SimulatedOms oms;
  private final Faults faults = new Faults();
  private final CallLog calls = new CallLog();
  private final HttpFront front;

  private OmsSimulator(Builder b) throws IOException {
    this.oms = new SimulatedOms(b.createSpellings, b.userFieldKey, b.validRegions, b.paddedIds,
        b.maxPageSize);
    this.front = new HttpFront(oms, faults, calls, new AnswerWriter(b.envelopeCasing, b.costShape),
        b.unknownActionStyle);
    credentials(b.username, b.password);
    front.start(b.port, b.sslContext);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URL to give the client, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
  public URI baseUrl() {
    return front.baseUrl();
  }

  public int port() {
    return front.port();
  }

  /** The OMS behind the HTTP front, to drive or inspect without HTTP (nothing is recorded). */
  public SimulatedOms oms() {
    return oms;
  }

  public Faults faults() {
    return faults;
  }

  /** Replaces the Basic credentials checked on every call; both null turns the check off. */
  public void credentials(String username, String password) {
    front.credentials(username, password);
  }

  /** How many calls of {@code action} arrived (faulted, refused and unauthenticated ones too). */
  public int callCount(String action) {
    return calls.callCount(action);
  }

  /** How many calls arrived, of every action. */
  public int totalCalls() {
    return calls.totalCalls();
  }

  /** The most recent requests (up to 1000), oldest first. */
  public List<RecordedRequest> recentRequests() {
    return calls.recentRequests();
  }

  /**
   * From now on, every create of a data source named {@code name} is answered with exactly this
   * HTTP status, content type and body, and nothing is executed: for clients facing an OMS (or a
   * proxy in front of it) that answers something other than an OMS envelope.
   */
  public void cannedCreateAnswer(String name, int status, String contentType, String body) {
    front.cannedCreateAnswer(name, status, contentType, body);
  }

  /**
   * Runs {@code listener} with the action and raw body of every call as it arrives, on the
   * call's thread, before the call is answered or executed (null removes it): lets a test act
   * while the caller is waiting for OMS, e.g. change the resource whose create is in flight.
   */
  public void onCall(BiConsumer<String, String> listener) {
    calls.onCall(listener);
  }

  // ---------------------------------------------------------------- the store, delegated

  /** The data sources present, in creation order. */
  public List<SimulatedDataSource> dataSources() {
    return oms.dataSources();
  }

  /** The data source with this name, if any. */
  public Optional<SimulatedDataSource> findByName(String name) {
    return oms.findByName(name);
  }

  /** Adds a data source as if someone had created it outside the operator; returns its ID. */
  public String addExisting(String name, String region) {
    return oms.addExisting(name, region);
  }

  /** Deletes a data source behind the operator's back (no call is recorded). */
  public void deleteBehindBack(String id) {
    oms.deleteBehindBack(id);
  }

  /** Changes a data source behind the operator's back; a null argument keeps that field. */
  public void changeBehindBack(String id, String region, String intranetAddr, String description) {
    oms.changeBehindBack(id, region, intranetAddr, description);
  }

  /** The largest page ListDataSource serves; larger requests get pages of this size. */
  public int maxPageSize() {
    return oms.maxPageSize();
  }

  /** Marks the data source as used by a migration project: delete is then refused. */
  public void markInUse(String id) {
    oms.markInUse(id);
  }

  /** Undoes {@link #markInUse(String)}. */
  public void release(String id) {
    oms.release(id);
  }

  /** Create answers PARAM_ERROR "Connectivity test failed ..." for these intranet addresses. */
  public void unreachableAddresses(Set<String> addresses) {
    oms.unreachableAddresses(addresses);
  }

  /** When false, DeleteDataSource is answered as an unknown action. */
  public void deleteSupported(boolean supported) {
    oms.deleteSupported(supported);
  }

  /** Forgets every data source, counter, recorded request and fault. */
  public void reset() {
    calls.onCall(null);
    front.clearCanned();
    oms.reset();
    calls.reset();
    faults.clear();
  }

  @Override
  public void close() {
    front.stop();
  }

  /** Configures and starts a simulator. */
  public static final class Builder {
    private String username;
    private String password;
    private CreateSpelling createSpellings = CreateSpelling.BOTH;
    private UserFieldKey userFieldKey = UserFieldKey.BOTH;
    private EnvelopeCasing envelopeCasing = EnvelopeCasing.CAMEL;
    private CostShape costShape = CostShape.TEXT_MS;
    private Set<String> validRegions;
    private UnknownActionStyle unknownActionStyle = UnknownActionStyle.ENVELOPE;
    private boolean paddedIds = true;
    private SSLContext sslContext;
    private int port;
    private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;

    private Builder() {}

    /** The largest page ListDataSource serves (default {@value #DEFAULT_MAX_PAGE_SIZE}). */
    public Builder maxPageSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("maxPageSize must be positive");
      }
      this.maxPageSize = size;
      return this;
    }

    /** Basic credentials every call must carry (HTTP 401 otherwise). Default: no check. */
    public Builder credentials(String username, String password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Which create spelling(s) are known. Default BOTH. */
    public Builder createSpellings(CreateSpelling spellings) {
      this.createSpellings = Objects.requireNonNull(spellings);
      return this;
    }

    /** Which key(s) carry the database user. Default BOTH. */
    public Builder userFieldKey(UserFieldKey key) {
      this.userFieldKey = Objects.requireNonNull(key);
      return this;
    }

    /** Default CAMEL. */
    public Builder envelopeCasing(EnvelopeCasing casing) {
      this.envelopeCasing = Objects.requireNonNull(casing);
      return this;
    }

    /** Default TEXT_MS ({@code " 27 ms"}). */
    public Builder costShape(CostShape shape) {
      this.costShape = Objects.requireNonNull(shape);
      return this;
    }

    /** Regions create accepts; others get PARAM_ERROR. Default: any region. */
    public Builder validRegions(Set<String> regions) {
      this.validRegions = Set.copyOf(regions);
      return this;
    }

    /** How an unknown action is answered. Default ENVELOPE (HTTP 200, success=false). */
    public Builder unknownActionStyle(UnknownActionStyle style) {
      this.unknownActionStyle = Objects.requireNonNull(style);
      return this;
    }

    /**
     * Whether create answers the ID with a leading space, as the documented example does
     * ({@code " e_edz****"}). Default true; the stored and listed ID never has it.
     */
    public Builder paddedIds(boolean padded) {
      this.paddedIds = padded;
      return this;
    }

    /** Serve https with this context instead of http. */
    public Builder tls(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public OmsSimulator start() {
      try {
        return new OmsSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the OMS simulator", e);
      }
    }
  }
}
