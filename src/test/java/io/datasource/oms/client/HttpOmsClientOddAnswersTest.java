package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.simulator.OmsSimulator;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not what OMS documents, and a password that is not text: each gives a
 * transient failure whose message says what was wrong, and the password's bytes travel unaltered.
 */
class HttpOmsClientOddAnswersTest {

  private final OmsSimulator sim = Requests.simulator().start();
  private final HttpOmsClient client = Requests.client(sim);

  @AfterEach
  void stop() {
    sim.close();
  }

  private static CreateDataSourceRequest withPassword(String name, byte[] password) {
    CreateDataSourceRequest r = create(name);
    return new CreateDataSourceRequest(r.name(), r.region(), r.username(), password,
        r.accessKeyId(), r.accessKeySecret(), r.intranetAddr(), r.description());
  }

  @Test
  void aPasswordThatIsNotUtf8TravelsAsTheBase64OfExactlyItsBytes() throws Exception {
    byte[] binary = new byte[64];
    new Random(3).nextBytes(binary);
    binary[0] = (byte) 0xFF; // never valid in UTF-8

    client.createPolarDbxDataSource(withPassword("binary-pw", binary));

    String sent = new ObjectMapper().readTree(Requests.last(sim).body()).get("password").asText();
    assertThat(sent).hasSize(88).isEqualTo(Base64.getEncoder().encodeToString(binary));
    assertThat(Base64.getDecoder().decode(sent)).isEqualTo(binary);
  }

  private OmsException createFails(String name, int status, String type, String body) {
    sim.cannedCreateAnswer(name, status, type, body);
    Throwable t = catchThrowable(
        () -> client.createPolarDbxDataSource(create(name)));
    assertThat(t).isInstanceOf(OmsException.Transient.class);
    return (OmsException) t;
  }

  @Test
  void anHtmlPageWithHttp200IsTransientAndSaysItIsNoEnvelope() {
    OmsException e = createFails("html", 200, "text/html", "<html><body>Login</body></html>");
    assertThat(e.error().message()).contains("not an OMS JSON envelope")
        .contains("Content-Type text/html").contains("OMS_BASE_URL");
  }

  @Test
  void aBodyThatIsNotJsonIsTransientAndSaysItIsNoEnvelope() {
    OmsException e = createFails("text", 200, "application/json", "{not json");
    assertThat(e.error().message()).contains("not an OMS JSON envelope");
  }

  @Test
  void anEnvelopeWithoutSuccessSaysSo() {
    OmsException e = createFails("nosuccess", 200, "application/json",
        "{\"data\":\"e_abc\",\"requestId\":\"r-1\"}");
    assertThat(e.error().message()).isEqualTo("OMS answered an envelope without a success flag");
  }

  @Test
  void dataOfTheWrongTypeIsNoId() {
    OmsException e = createFails("wrongtype", 200, "application/json",
        "{\"success\":true,\"data\":true}");
    assertThat(e.error().message()).contains("'data' of the wrong type (boolean)");
    e = createFails("wrongtype2", 200, "application/json",
        "{\"success\":true,\"data\":[\"e_abc\"]}");
    assertThat(e.error().message()).contains("'data' of the wrong type (array)");
  }

  @Test
  void anIdOfTenKilobytesIsNoId() {
    String huge = "e_" + "x".repeat(10 * 1024);
    OmsException e = createFails("hugeid", 200, "application/json",
        "{\"success\":true,\"data\":\"" + huge + "\"}");
    assertThat(e.error().message()).contains("an ID of 10242 characters (at most "
        + HttpOmsClient.MAX_ID_LENGTH + " expected)");
    assertThat(e.getMessage()).hasSizeLessThan(1000);
  }

  @Test
  void aPlausibleIdStillPasses() {
    sim.cannedCreateAnswer("fine", 200, "application/json",
        "{\"success\":true,\"data\":\" e_0123456789ab \"}");
    assertThat(client.createPolarDbxDataSource(create("fine")).id())
        .isEqualTo("e_0123456789ab");
  }
}
