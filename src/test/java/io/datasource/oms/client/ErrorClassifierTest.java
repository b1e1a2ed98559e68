package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error table of OMS-API.md as a pure function: no HTTP, no server. */
class ErrorClassifierTest {

  private static final String CREATE = OmsSettings.CREATE_POLAR;
  private static final String LIST = HttpOmsClient.LIST_ACTION;
  private static final String DELETE = HttpOmsClient.DELETE_ACTION;
  private static final Redaction NONE = Redaction.of(List.of());

  private final ObjectMapper json = new ObjectMapper();

  private static OmsException classify(String action, int status, String body) {
    return ErrorClassifier.classify(action, status, "application/json", Envelope.parse(body),
        null, NONE);
  }

  @ParameterizedTest(name = "{0} HTTP {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "Create | 401 | ''                                              | AUTHENTICATION",
      "Create | 403 | '{\"success\":false}'                           | AUTHENTICATION",
      "Create | 408 | ''                                              | TRANSIENT",
      "Create | 429 | ''                                              | TRANSIENT",
      "Create | 500 | '{\"success\":false,\"code\":\"X\"}'            | TRANSIENT",
      "Create | 503 | 'Service Unavailable'                           | TRANSIENT",
      "Create | 404 | 'Not Found'                                     | UNSUPPORTED_ACTION",
      "Delete | 404 | 'Not Found'                                     | UNSUPPORTED_ACTION",
      "Delete | 404 | '{\"success\":false,\"code\":\"DATASOURCE_NOT_EXIST\"}' | NOT_FOUND",
      "Delete | 404 | '{\"success\":false,\"code\":\"UNKNOWN_ACTION\",\"message\":\"action not found\"}' | UNSUPPORTED_ACTION",
      "Create | 400 | '{\"success\":false}'                           | REJECTED",
      "Create | 302 | ''                                              | REJECTED",
      "Create | 200 | '<html>login</html>'                            | TRANSIENT",
      "Create | 200 | '{\"data\":\"e_1\"}'                            | TRANSIENT",
      "Create | 200 | '{\"success\":false,\"code\":\"GHANA-OPERIE0001\"}' | TRANSIENT",
      "Create | 200 | '{\"success\":false,\"code\":\"PARAM_ERROR\",\"message\":\"Connectivity test failed: x\"}' | ENVIRONMENT",
      "Create | 200 | '{\"success\":false,\"code\":\"PARAM_ERROR\",\"message\":\"Invalid name\"}' | REJECTED",
      "Create | 200 | '{\"success\":false,\"code\":\"UNKNOWN_ACTION\"}' | UNSUPPORTED_ACTION",
      "Create | 200 | '{\"success\":false,\"message\":\"The action is not supported\"}' | UNSUPPORTED_ACTION",
      "Delete | 200 | '{\"success\":false,\"code\":\"DATASOURCE_NOT_EXIST\"}' | NOT_FOUND",
      "Delete | 200 | '{\"success\":false,\"message\":\"Data source does not exist: e_1\"}' | NOT_FOUND",
      "Create | 200 | '{\"success\":false,\"code\":\"DATASOURCE_NOT_EXIST\"}' | REJECTED",
      "Delete | 200 | '{\"success\":false,\"code\":\"DATASOURCE_IN_USE\"}' | REJECTED",
  })
  void theErrorTable(String action, int status, String body, OmsFailureKind kind) {
    String name = action.equals("Delete") ? DELETE : CREATE;
    OmsException e = classify(name, status, body);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.action()).isEqualTo(name);
    assertThat(e.error().httpStatus()).isEqualTo(status);
  }

  @Test
  void aSuccessfulEnvelopeIsNoFailure() {
    assertThat(classify(LIST, 200, "{\"success\":true,\"data\":[]}")).isNull();
    assertThat(classify(CREATE, 201, "{\"Success\":\"true\",\"data\":\"e_1\"}")).isNull();
  }

  @Test
  void aBodyThatIsNotAnEnvelopeSaysWhatCameAndWhereToLook() {
    OmsException e = ErrorClassifier.classify(CREATE, 200, "text/html; charset=utf-8",
        Envelope.parse("<html/>"), null, NONE);
    assertThat(e.error().code()).isEqualTo("HTTP_200");
    assertThat(e.error().message()).contains("not an OMS JSON envelope",
        "Content-Type text/html; charset=utf-8", "OMS_BASE_URL");
    String longType = "x".repeat(100);
    assertThat(ErrorClassifier.classify(CREATE, 200, longType, null, null, NONE).error().message())
        .contains("x".repeat(80) + "...").doesNotContain("x".repeat(81));
  }

  @Test
  void anEnvelopeWithoutSuccessFlagSaysSoUnlessItCarriesAMessage() {
    assertThat(classify(LIST, 200, "{\"data\":[]}").error().message())
        .isEqualTo("OMS answered an envelope without a success flag");
    assertThat(classify(LIST, 200, "{\"message\":\"m\"}").error().message()).isEqualTo("m");
  }

  @Test
  void theErrorOfAFailureIsScrubbedAndKeepsTheRequestId() {
    OmsException e = ErrorClassifier.classify(CREATE, 200, "application/json",
        Envelope.parse("{\"success\":false,\"code\":\"X\",\"message\":\"echo s3cret\"}"), "rq-1",
        Redaction.of(List.of("s3cret")));
    assertThat(e.error().message()).isEqualTo("echo <redacted>");
    assertThat(e.requestId()).isEqualTo("rq-1");
    assertThat(e.getMessage()).doesNotContain("s3cret").contains("rq-1");
  }

  @Test
  void noAnswerIsTransientAndNamesTheCause() {
    IOException cause = new ConnectException("Connection refused");
    OmsException e = ErrorClassifier.noAnswer(LIST, 12, cause);
    assertThat(e.kind()).isEqualTo(OmsFailureKind.TRANSIENT);
    assertThat(e.getMessage()).isEqualTo(
        "ListDataSource: no answer from OMS after 12 ms (ConnectException: Connection refused)");
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.error().httpStatus()).isZero();
    assertThat(ErrorClassifier.interrupted(LIST, new InterruptedException()).kind())
        .isEqualTo(OmsFailureKind.TRANSIENT);
  }

  @Test
  void aCreateAnswerWithoutAPlausibleIdIsTransient() throws Exception {
    assertThat(ErrorClassifier.implausibleId(CREATE, 200, "r", json.readTree("\"e_1\""), "e_1"))
        .isNull();
    assertThat(ErrorClassifier.implausibleId(CREATE, 200, "r", null, null).getMessage())
        .contains("gave no data source ID");
    assertThat(ErrorClassifier.implausibleId(CREATE, 200, "r", json.readTree("true"), null)
        .getMessage()).contains("a 'data' of the wrong type (boolean)");
    assertThat(ErrorClassifier.implausibleId(CREATE, 200, "r", null, "x".repeat(129)).getMessage())
        .contains("an ID of 129 characters (at most 128 expected)");
    OmsException spaced = ErrorClassifier.implausibleId(CREATE, 200, "r", null, "e 1");
    assertThat(spaced.kind()).isEqualTo(OmsFailureKind.TRANSIENT);
    assertThat(spaced.getMessage()).contains("whitespace or control characters",
        "look the name up before retrying");
    assertThat(spaced.requestId()).isEqualTo("r");
  }

  @Test
  void aListThatIsNotAnArrayIsTransient() {
    OmsException e = ErrorClassifier.notAList(LIST, 200, "r");
    assertThat(e.kind()).isEqualTo(OmsFailureKind.TRANSIENT);
    assertThat(e.requestId()).isEqualTo("r");
  }

  @Test
  void unknownActionAndNotExistWording() {
    assertThat(ErrorClassifier.isUnknownAction("Action.NotFound", "")).isTrue();
    assertThat(ErrorClassifier.isUnknownAction("", "Invalid action: X")).isTrue();
    assertThat(ErrorClassifier.isUnknownAction("", "Data source not found")).isFalse();
    assertThat(ErrorClassifier.isNotExist("DataSource.NotExist", "")).isTrue();
    assertThat(ErrorClassifier.isNotExist("", "no such data source")).isTrue();
    assertThat(ErrorClassifier.isNotExist("IN_USE", "used by a project")).isFalse();
  }
}
