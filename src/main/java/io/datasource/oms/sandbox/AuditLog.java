package io.datasource.oms.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server's own record of the requests it served (its audit log): exactly what an identity
 * called and what the server answered, RBAC decisions included, whatever client library made the
 * request. The benchmark counts the operator's requests with it; the RBAC tests check what the
 * operator needs and does. Level Metadata (never a Secret's data), except, with {@link
 * #withWriteBodies}, the writes to PolarDBXDataSources, logged with their body.
 */
public final class AuditLog {

  /** Metadata for everything; one line per request (watches: when they end, or never). */
  static final String METADATA_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived", "ResponseStarted"]
      rules:
        - level: Metadata
      """;

  /**
   * Metadata, and the request body of PolarDBXDataSource writes; a watch is logged when its
   * response starts too, so that a watch still open shows.
   */
  static final String WRITE_BODIES_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Request
          resources: [{group: "oms.datasource.io", resources: ["polardbxdatasources"]}]
          verbs: ["patch", "update"]
        - level: Metadata
      """;

  public static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete",
      "deletecollection");

  /**
   * One served request, at its last logged stage.
   *
   * @param call what it addressed; null for a non-resource request (e.g. /version)
   * @param at when the server logged that stage
   * @param requestObject the request body, where the policy logs it, else null
   */
  public record Entry(ApiCall call, String verb, String uri, int code, Instant at,
      JsonNode requestObject) {}

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  private AuditLog(Path file) {
    this.file = file;
  }

  /** Metadata only; writes the policy into {@code dir}, {@link #flags()} point the server at it. */
  public static AuditLog in(Path dir) {
    return in(dir, METADATA_POLICY);
  }

  /** As {@link #in}, with the bodies of PolarDBXDataSource writes and open watches. */
  public static AuditLog withWriteBodies(Path dir) {
    return in(dir, WRITE_BODIES_POLICY);
  }

  private static AuditLog in(Path dir, String policy) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("audit-policy.yaml"), policy, StandardCharsets.UTF_8);
      Files.deleteIfExists(dir.resolve("audit.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AuditLog(dir.resolve("audit.log"));
  }

  /** The kube-apiserver flags that make it write this log. */
  public List<String> flags() {
    return List.of("--audit-policy-file=" + file.resolveSibling("audit-policy.yaml"),
        "--audit-log-path=" + file, "--audit-log-maxsize=0");
  }

  /**
   * The requests made as this user (directly or by impersonation), once each (a watch may be
   * logged when its response starts and again when it ends: the last stage counts), in the order
   * the server logged them.
   */
  public List<Entry> entriesOf(String username) {
    Map<String, Entry> byId = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return List.of();
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || !line.contains(username)) {
          continue;
        }
        JsonNode event;
        try {
          event = json.readTree(line);
        } catch (IOException partialLastLine) {
          continue;
        }
        JsonNode user = event.hasNonNull("impersonatedUser")
            ? event.get("impersonatedUser") : event.get("user");
        if (!username.equals(user.path("username").asText())) {
          continue;
        }
        Entry entry = new Entry(call(event), event.path("verb").asText(),
            event.path("requestURI").asText(), event.path("responseStatus").path("code").asInt(),
            Instant.parse(event.path("stageTimestamp").asText()), event.get("requestObject"));
        String id = event.path("auditID").asText();
        byId.remove(id);
        byId.put(id, entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * Requests of {@code username} logged in [{@code from}, {@code to}), by {@code "verb
   * resource[/subresource]"} (the URI for a non-resource request), sorted.
   */
  public Map<String, Integer> count(String username, Instant from, Instant to) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Entry e : entriesOf(username)) {
      if (!e.at().isBefore(from) && e.at().isBefore(to)) {
        counts.merge(e.verb() + " " + (e.call() == null ? e.uri() : e.call().resource()), 1,
            Integer::sum);
      }
    }
    return counts;
  }

  /** The writes among counts of {@link #count}. */
  public static int writes(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> WRITE_VERBS.contains(e.getKey().substring(0, e.getKey().indexOf(' '))))
        .mapToInt(Map.Entry::getValue).sum();
  }

  private static ApiCall call(JsonNode event) {
    JsonNode ref = event.get("objectRef");
    if (ref == null || !ref.hasNonNull("resource")) {
      return null;
    }
    String resource = ref.get("resource").asText()
        + (ref.hasNonNull("subresource") ? "/" + ref.get("subresource").asText() : "");
    return new ApiCall(ref.path("apiGroup").asText(""), resource, event.path("verb").asText(),
        ref.hasNonNull("namespace") ? ref.get("namespace").asText() : null,
        ref.hasNonNull("name") ? ref.get("name").asText() : null);
  }
}
