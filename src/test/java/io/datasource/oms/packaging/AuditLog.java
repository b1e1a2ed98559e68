package io.datasource.oms.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's own record of the requests it served (its audit log), so that a test sees
 * exactly what an identity called and what the server answered, RBAC decisions included. Level
 * Metadata everywhere (never a Secret's data), except the operator's writes to the resource
 * itself, which are logged with their body so that a test can check what they change.
 */
final class AuditLog {

  private static final String POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Request
          resources: [{group: "oms.datasource.io", resources: ["polardbxdatasources"]}]
          verbs: ["patch", "update"]
        - level: Metadata
      """;

  /** One served request. {@code call} is null for a non-resource request (e.g. /version). */
  record Entry(ApiCall call, String verb, String uri, int code, JsonNode requestObject) {}

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  private AuditLog(Path file) {
    this.file = file;
  }

  /** Writes the policy into {@code dir}; {@link #flags()} then points the server at it. */
  static AuditLog in(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("audit-policy.yaml"), POLICY, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AuditLog(dir.resolve("audit.log"));
  }

  List<String> flags() {
    return List.of("--audit-policy-file=" + file.resolveSibling("audit-policy.yaml"),
        "--audit-log-path=" + file);
  }

  /**
   * The requests made as this user (directly or by impersonation), once each (a watch is logged
   * when its response starts and again when it ends), in the order the server logged them.
   */
  List<Entry> entriesOf(String username) {
    Map<String, Entry> byId = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      if (line.isBlank()) {
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
          event.get("requestObject"));
      String id = event.path("auditID").asText();
      // Keep the last stage seen (ResponseComplete carries the final code of a watch).
      byId.remove(id);
      byId.put(id, entry);
    }
    return new ArrayList<>(byId.values());
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
