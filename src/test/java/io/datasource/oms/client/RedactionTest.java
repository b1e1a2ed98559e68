package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the client keeps out of its logs and exceptions, without any HTTP. */
class RedactionTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void scrubsEverySecretWhereverItAppearsAndIgnoresEmptyOnes() {
    Redaction r = Redaction.of(Arrays.asList("pw1", null, "", "tok")).and(List.of("ak-secret"));
    assertThat(r.scrub("x pw1 y tok pw1 ak-secret z"))
        .isEqualTo("x <redacted> y <redacted> <redacted> <redacted> z");
    assertThat(r.scrub("nothing to hide")).isEqualTo("nothing to hide");
    assertThat(r.scrub(null)).isNull();
  }

  @Test
  void andKeepsTheFirstSecretsAndLeavesTheOriginalUnchanged() {
    Redaction credentials = Redaction.of(List.of("oms-pass"));
    Redaction call = credentials.and(List.of("db-pass"));
    assertThat(call.scrub("oms-pass db-pass")).isEqualTo("<redacted> <redacted>");
    assertThat(credentials.scrub("oms-pass db-pass")).isEqualTo("<redacted> db-pass");
  }

  @Test
  void scrubValueScrubsTextAndContainersAndKeepsOtherScalars() throws Exception {
    Redaction r = Redaction.of(List.of("s3cret"));
    assertThat(r.scrubValue(json.readTree("\"a s3cret\""))).isEqualTo("a <redacted>");
    assertThat(r.scrubValue(json.readTree("{\"p\":\"s3cret\"}"))).isEqualTo("{\"p\":\"<redacted>\"}");
    assertThat(r.scrubValue(json.readTree("[\"s3cret\"]"))).isEqualTo("[\"<redacted>\"]");
    assertThat(r.scrubValue(json.readTree("5"))).isEqualTo(5);
    assertThat(r.scrubValue(json.readTree("true"))).isEqualTo(true);
    assertThat(r.scrubValue(json.readTree("null"))).isNull();
    assertThat(r.scrubValue(null)).isNull();
  }

  @Test
  void redactedJsonHidesSecretKeysInAnyCaseAndKeepsTheRest() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "ds1");
    body.put("password", "cHc=");
    body.put("secretKey", "sk");
    body.put("AccessKeySecret", "sk2");
    body.put("accessKey", "ak-id");
    assertThat(Redaction.redactedJson(body)).isEqualTo("{\"name\":\"ds1\",\"password\":\"<redacted>\","
        + "\"secretKey\":\"<redacted>\",\"AccessKeySecret\":\"<redacted>\",\"accessKey\":\"ak-id\"}");
    assertThat(body).containsEntry("password", "cHc="); // the body sent is not touched
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(Redaction.of(List.of("s3cret")).toString()).doesNotContain("s3cret");
  }
}
