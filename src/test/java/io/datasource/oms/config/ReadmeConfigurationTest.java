package io.datasource.oms.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the table of {@link Variables}, row for row: every variable
 * (so an undocumented one fails here), in order, with its default and its meaning.
 */
class ReadmeConfigurationTest {

  static final String HEADER = "| variable | default | meaning |";

  /** The rows of the first table of the README's "Configuration" section. */
  static List<String> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n## Configuration\n");
    assertThat(section).as("README has a Configuration section").isNotNegative();
    int header = readme.indexOf("\n" + HEADER + "\n", section);
    assertThat(header).as("the Configuration section has the variables table").isPositive();
    return readme.substring(header + 1).lines()
        .skip(2) // header and |---|
        .takeWhile(line -> line.startsWith("|"))
        .toList();
  }

  /** A row as the README writes it. */
  static String row(Variable<?> v) {
    return "| `" + v.name() + "` | " + v.defaultText() + " | " + v.doc() + " |";
  }

  @Test
  void readmeTableIsTheConfigurationTable() throws IOException {
    assertThat(readmeRows()).as("README configuration table (expected: one row per variable of"
        + " config/Variables, in its order)")
        .containsExactlyElementsOf(Variables.ALL.stream().map(ReadmeConfigurationTest::row)
            .toList());
  }

  @Test
  void everyVariableOfTheProgramIsARow() throws IOException {
    assertThat(readmeRows()).extracting(r -> r.substring(3, r.indexOf('`', 3)))
        .containsExactlyElementsOf(OperatorConfig.VARIABLES);
  }
}
