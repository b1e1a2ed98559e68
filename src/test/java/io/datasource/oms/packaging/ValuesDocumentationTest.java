package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml carries a comment (the line above it, or above the block that holds
 * it), except inside blocks that are Kubernetes structures passed through as they are.
 */
class ValuesDocumentationTest {

  /** Blocks copied verbatim into the pod spec: Kubernetes documents their fields. */
  static final Set<String> PASS_THROUGH = Set.of("resources", "podSecurityContext",
      "securityContext");

  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_.-]*):(.*)$");

  @Test
  void everyValueIsCommented() {
    List<String> lines = GoldenFile.read(Chart.DIR.resolve("values.yaml")).lines().toList();
    List<String> undocumented = new ArrayList<>();
    List<String> path = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      int indent = m.group(1).length();
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        path.remove(path.size() - 1);
      }
      boolean passThrough = path.stream().anyMatch(PASS_THROUGH::contains);
      String previous = i == 0 ? "" : lines.get(i - 1).trim();
      if (!passThrough && !previous.startsWith("#")) {
        undocumented.add(String.join(".", path) + (path.isEmpty() ? "" : ".") + m.group(2));
      }
      path.add(m.group(2));
      indents.add(indent);
    }

    assertThat(undocumented).as("values without a comment line above them").isEmpty();
  }
}
