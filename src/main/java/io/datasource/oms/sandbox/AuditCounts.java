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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the requests one identity made, from the API server's audit log (level Metadata: never a
 * Secret's data), by {@code verb resource[/subresource]}, in a window of time. The server's
 * exact record: every request, whatever client library made it.
 */
final class AuditCounts {

  /** Metadata for everything; one line per request (watches: when they end, or never). */
  static final String POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived", "ResponseStarted"]
      rules:
        - level: Metadata
      """;

  static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete",
      "deletecollection");

  private final Path file;

  private AuditCounts(Path file) {
    this.file = file;
  }

  /** Writes the policy into {@code dir}; {@link #flags()} points the API server at it. */
  static AuditCounts in(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("audit-policy.yaml"), POLICY, StandardCharsets.UTF_8);
      Files.deleteIfExists(dir.resolve("audit.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AuditCounts(dir.resolve("audit.log"));
  }

  List<String> flags() {
    return List.of("--audit-policy-file=" + file.resolveSibling("audit-policy.yaml"),
        "--audit-log-path=" + file, "--audit-log-maxsize=0");
  }

  /**
   * Requests of {@code username} that completed in [{@code from}, {@code to}), by
   * {@code "verb resource"}, sorted.
   */
  Map<String, Integer> count(String username, Instant from, Instant to) {
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    if (!Files.exists(file)) {
      return counts;
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
        if (!username.equals(event.path("user").path("username").asText())
            || !seen.add(event.path("auditID").asText())) {
          continue;
        }
        Instant at = Instant.parse(event.path("stageTimestamp").asText());
        if (at.isBefore(from) || !at.isBefore(to)) {
          continue;
        }
        JsonNode ref = event.path("objectRef");
        String resource = ref.hasNonNull("resource")
            ? ref.get("resource").asText()
                + (ref.hasNonNull("subresource") ? "/" + ref.get("subresource").asText() : "")
            : event.path("requestURI").asText();
        counts.merge(event.path("verb").asText() + " " + resource, 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /** The writes among these counts. */
  static int writes(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> WRITE_VERBS.contains(e.getKey().substring(0, e.getKey().indexOf(' '))))
        .mapToInt(Map.Entry::getValue).sum();
  }
}
