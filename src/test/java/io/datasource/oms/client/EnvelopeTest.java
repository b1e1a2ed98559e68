package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading OMS answer envelopes tolerantly, without any HTTP (OMS-API.md, "Calling convention"). */
class EnvelopeTest {

  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "<html>login</html>", "[1,2]", "\"text\"", "42", "{broken"})
  void aBodyThatIsNotAJsonObjectIsNoEnvelope(String body) {
    assertThat(Envelope.parse(body)).isNull();
  }

  @Test
  void readsPascalCaseTextFlagsAndNumbersAndKeepsCostOpaque() {
    Envelope e = Envelope.parse("{\"Success\":\"TRUE\",\"RequestId\":\" r1 \",\"Cost\":\" 27 ms\","
        + "\"TotalCount\":\"12\",\"Data\":[1],\"unknown\":{\"x\":1}}");
    assertThat(e.success()).isTrue();
    assertThat(e.requestId()).isEqualTo("r1");
    assertThat(e.cost()).isEqualTo("27 ms");
    assertThat(e.totalCount()).isEqualTo(12L);
    assertThat(e.data().isArray()).isTrue();
    assertThat(Envelope.parse("{\"success\":false,\"cost\":5}").cost()).isEqualTo("5");
  }

  @Test
  void aSuccessFlagThatIsNotABooleanIsAbsentAndNullDataIsAbsent() {
    Envelope e = Envelope.parse("{\"success\":\"yes\",\"data\":null}");
    assertThat(e.success()).isNull();
    assertThat(e.data()).isNull();
    assertThat(Envelope.parse("{\"data\":\"x\"}").success()).isNull();
  }

  @Test
  void codeMessageAndRequestIdComeFromErrorDetailWhenTheTopLevelLacksThem() {
    Envelope e = Envelope.parse("{\"success\":false,\"advice\":\"wait\",\"errorDetail\":"
        + "{\"code\":\"C1\",\"message\":\"m1\",\"requestId\":\"rq\",\"messageMcmsContext\":{}}}");
    assertThat(e.requestId()).isEqualTo("rq");
    OmsError error = e.error(200, e.requestId(), Redaction.of(List.of()));
    assertThat(error.code()).isEqualTo("C1");
    assertThat(error.message()).isEqualTo("m1");
    assertThat(error.advice()).isEqualTo("wait");
    assertThat(error.requestId()).isEqualTo("rq");
    assertThat(error.httpStatus()).isEqualTo(200);
    assertThat(error.errorDetail()).containsKeys("code", "message", "requestId", "messageMcmsContext");
  }

  @Test
  void theTopLevelWinsOverErrorDetail() {
    Envelope e = Envelope.parse("{\"code\":\"TOP\",\"message\":\"top\",\"requestId\":\"r-top\","
        + "\"errorDetail\":{\"code\":\"D\",\"message\":\"d\",\"requestId\":\"r-d\"}}");
    assertThat(e.requestId()).isEqualTo("r-top");
    OmsError error = e.error(200, e.requestId(), Redaction.of(List.of()));
    assertThat(error.code()).isEqualTo("TOP");
    assertThat(error.message()).isEqualTo("top");
  }

  @Test
  void aNon200AnswerWithoutCodeOrMessageNamesTheStatus() {
    OmsError error = Envelope.parse("{\"success\":false}").error(500, null, Redaction.of(List.of()));
    assertThat(error.code()).isEqualTo("HTTP_500");
    assertThat(error.message()).isEqualTo("OMS answered HTTP 500");
    OmsError on200 = Envelope.parse("{\"success\":false}").error(200, null, Redaction.of(List.of()));
    assertThat(on200.code()).isNull();
    assertThat(on200.message()).isNull();
  }

  @Test
  void theErrorIsScrubbedOfTheCallsSecrets() {
    Envelope e = Envelope.parse("{\"code\":\"X\",\"message\":\"bad pw s3cret\",\"advice\":\"s3cret\","
        + "\"errorDetail\":{\"echo\":{\"password\":\"s3cret\"},\"n\":7}}");
    OmsError error = e.error(200, null, Redaction.of(List.of("s3cret")));
    assertThat(error.message()).isEqualTo("bad pw <redacted>");
    assertThat(error.advice()).isEqualTo("<redacted>");
    assertThat(error.errorDetail()).containsEntry("echo", "{\"password\":\"<redacted>\"}")
        .containsEntry("n", 7);
  }

  @Test
  void idOfTrimsTextAndNumbersAndReadsAnObjectsId() throws Exception {
    assertThat(Envelope.idOf(json.readTree("\" e_abc \""))).isEqualTo("e_abc");
    assertThat(Envelope.idOf(json.readTree("42"))).isEqualTo("42");
    assertThat(Envelope.idOf(json.readTree("{\"ID\":\" e_x\"}"))).isEqualTo("e_x");
    assertThat(Envelope.idOf(json.readTree("[\"e_x\"]"))).isNull();
    assertThat(Envelope.idOf(json.readTree("true"))).isNull();
    assertThat(Envelope.idOf(null)).isNull();
  }

  @Test
  void toRecordReadsAListItemTolerantlyAndDropsItemsWithoutIdOrName() throws Exception {
    DataSourceRecord r = Envelope.toRecord(json.readTree("{\"Id\":\" e_1 \",\"NAME\":\"ds\","
        + "\"type\":\"DRDS\",\"region\":\"cn\",\"ip\":\"10.0.0.1\",\"port\":\"3306\","
        + "\"userName\":\"u\",\"description\":\" kept as sent \",\"gmtCreate\":\"t1\","
        + "\"gmtModified\":\"t2\",\"creator\":\"ignored\"}"));
    assertThat(r).isEqualTo(new DataSourceRecord("e_1", "ds", "DRDS", "cn", "10.0.0.1", 3306, "u",
        " kept as sent ", "t1", "t2"));
    assertThat(Envelope.toRecord(json.readTree("{\"id\":\"e_1\"}"))).isNull();
    assertThat(Envelope.toRecord(json.readTree("{\"id\":\"\",\"name\":\"n\"}"))).isNull();
    assertThat(Envelope.toRecord(json.readTree("\"e_1\""))).isNull();
  }
}
