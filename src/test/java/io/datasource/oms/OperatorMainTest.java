package io.datasource.oms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorMainTest {

  @Test
  void aBadVariableStopsStartUpWithExitCode2AndNamesIt() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = OperatorMain.runOperator(Map.of("OMS_BASE_URL", "https://oms:8089",
          "OMS_USERNAME", "admin", "OMS_PASSWORD", "hunter2-secret", "OMS_RATE_LIMIT", "ten"));
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("configuration error: OMS_RATE_LIMIT: \"ten\" is not a number")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void missingBaseUrlIsNamed() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(OperatorMain.runOperator(Map.of())).isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("OMS_BASE_URL: is required");
  }
}
