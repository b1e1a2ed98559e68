package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.UnknownActionStyle;
import io.datasource.oms.testing.TestSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each row of the error table of OMS-API.md, against the simulator. */
class HttpOmsClientErrorTableTest {

  private final OmsSimulator sim = Requests.simulator().validRegions(Set.of("cn-anhui")).start();
  private final HttpOmsClient client = Requests.client(sim);

  @AfterEach
  void stop() {
    sim.close();
  }

  // ---- transient

  @Test
  void connectFailureIsTransient() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HttpOmsClient unreachable = new HttpOmsClient(
        Requests.settings(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2)));

    OmsException e = catchThrowableOfType(OmsException.class, () -> unreachable.listDataSources("x"));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.kind()).isEqualTo(OmsFailureKind.TRANSIENT);
    assertThat(e.error().httpStatus()).isZero();
    assertThat(e.action()).isEqualTo("ListDataSource");
  }

  @Test
  void connectionResetWithoutAnswerIsTransient() {
    sim.faults().failNext(1, Fault.DROP);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.listDataSources("x"));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.error().httpStatus()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"HTTP_408", "HTTP_429", "HTTP_500", "HTTP_503"})
  void retryableHttpStatusesAreTransient(Fault fault) {
    sim.faults().failNext(1, fault);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.error().httpStatus()).isEqualTo(Integer.parseInt(fault.name().substring(5)));
    assertThat(sim.dataSources()).isEmpty();
    // no retry inside the client: exactly one call
    assertThat(sim.totalCalls()).isEqualTo(1);
  }

  @Test
  void unavailableServerIsTransient() {
    sim.faults().unavailable(true);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.deleteDataSource("e_x"));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.error().httpStatus()).isEqualTo(503);
  }

  @Test
  void ghanaOperieCodeOnHttp200IsTransientAndCarriesCodeAdviceAndRequestId() {
    sim.faults().failNext(1, Fault.GHANA_OPERIE);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.error().code()).startsWith("GHANA-OPERIE");
    assertThat(e.error().advice()).isNotBlank();
    assertThat(e.error().httpStatus()).isEqualTo(200);
    assertThat(e.requestId()).isNotBlank();
    assertThat(e.error().errorDetail()).containsKeys("code", "message", "messageMcmsKey");
  }

  @Test
  void answerLostAfterCommitIsTransientWhileTheDataSourceExists() {
    sim.faults().failNext(1, Fault.COMMIT_THEN_DROP, "CreatePolarDBDataSource");

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(sim.dataSources()).extracting(s -> s.name()).containsExactly("ds1");
  }

  @Test
  void successWithBlankDataOnCreateIsTransient() {
    sim.faults().failNext(1, Fault.BLANK_DATA, "CreatePolarDBDataSource");

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Transient.class);
    assertThat(e.requestId()).isNotBlank();
    assertThat(sim.dataSources()).extracting(s -> s.name()).containsExactly("ds1");
  }

  // ---- environment

  @Test
  void connectivityTestFailureIsEnvironment() {
    sim.unreachableAddresses(Set.of("10.0.0.9:3306"));

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Environment.class);
    assertThat(e.kind()).isEqualTo(OmsFailureKind.ENVIRONMENT);
    assertThat(e.error().code()).isEqualTo("PARAM_ERROR");
    assertThat(e.error().message()).startsWith("Connectivity test failed");
    assertThat(sim.dataSources()).isEmpty();
  }

  // ---- authentication

  @Test
  void wrongCredentialsAreAuthentication() {
    HttpOmsClient wrong = new HttpOmsClient(TestSettings.defaults(sim.baseUrl(),
        new OmsSettings.Credentials(Requests.OMS_USER, "not-the-password")));

    OmsException e = catchThrowableOfType(OmsException.class, () -> wrong.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Authentication.class);
    assertThat(e.error().httpStatus()).isEqualTo(401);
    assertThat(sim.dataSources()).isEmpty();
  }

  @Test
  void missingCredentialsAreAuthentication() {
    HttpOmsClient anonymous = new HttpOmsClient(TestSettings.defaults(sim.baseUrl(), null));

    OmsException e = catchThrowableOfType(OmsException.class, () -> anonymous.listDataSources(null));

    assertThat(e).isInstanceOf(OmsException.Authentication.class);
    assertThat(Requests.last(sim).authorizationHeader()).isNull();
  }

  @Test
  void http403IsAuthentication() {
    sim.faults().failNext(1, Fault.HTTP_403);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.listDataSources(null));

    assertThat(e).isInstanceOf(OmsException.Authentication.class);
    assertThat(e.error().httpStatus()).isEqualTo(403);
  }

  // ---- rejected

  @Test
  void http200WithSuccessFalseIsAFailureCarryingCodeMessageAndRequestId() {
    OmsException e = catchThrowableOfType(OmsException.class,
        () -> client.createPolarDbxDataSource(create("a-name-that-is-longer-than-32-chars")));

    assertThat(e).isInstanceOf(OmsException.Rejected.class);
    assertThat(e.kind()).isEqualTo(OmsFailureKind.REJECTED);
    assertThat(e.error().httpStatus()).isEqualTo(200);
    assertThat(e.error().code()).isEqualTo("PARAM_ERROR");
    assertThat(e.error().message()).contains("name");
    assertThat(e.requestId()).isEqualTo(e.error().requestId()).isNotBlank();
    assertThat(e.getMessage()).contains("PARAM_ERROR", e.requestId());
  }

  @Test
  void invalidRegionIsRejected() {
    CreateDataSourceRequest r = create("ds1");
    CreateDataSourceRequest elsewhere = new CreateDataSourceRequest(r.name(), "cn-nowhere",
        r.username(), r.password(), r.accessKeyId(), r.accessKeySecret(), r.intranetAddr(), null);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(elsewhere));

    assertThat(e).isInstanceOf(OmsException.Rejected.class);
  }

  @Test
  void duplicateNameIsRejected() {
    client.createPolarDbxDataSource(create("ds1"));

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Rejected.class);
    assertThat(sim.dataSources()).hasSize(1);
  }

  @Test
  void http400IsRejected() {
    sim.faults().failNext(1, Fault.HTTP_400);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

    assertThat(e).isInstanceOf(OmsException.Rejected.class);
    assertThat(e.error().httpStatus()).isEqualTo(400);
  }

  @Test
  void deleteOfADataSourceInUseIsRejected() {
    String id = sim.addExisting("busy", "cn-anhui");
    sim.markInUse(id);

    OmsException e = catchThrowableOfType(OmsException.class, () -> client.deleteDataSource(id));

    assertThat(e).isInstanceOf(OmsException.Rejected.class);
    assertThat(e.error().code()).isEqualTo(OmsSimulator.CODE_IN_USE);
    assertThat(sim.dataSources()).hasSize(1);
  }

  // ---- unsupported action

  @ParameterizedTest
  @EnumSource(UnknownActionStyle.class)
  void deleteOnAServerWithoutDeleteIsUnsupportedAction(UnknownActionStyle style) {
    try (OmsSimulator noDelete = Requests.simulator().unknownActionStyle(style).start()) {
      noDelete.deleteSupported(false);
      String id = noDelete.addExisting("kept", "cn-anhui");

      OmsException e = catchThrowableOfType(OmsException.class, () -> Requests.client(noDelete).deleteDataSource(id));

      assertThat(e).isInstanceOf(OmsException.UnsupportedAction.class);
      assertThat(e.kind()).isEqualTo(OmsFailureKind.UNSUPPORTED_ACTION);
      assertThat(noDelete.callCount("DeleteDataSource")).isEqualTo(1);
      assertThat(noDelete.dataSources()).hasSize(1);
    }
  }

  // ---- not found

  @Test
  void deleteOfAnUnknownIdIsNotFound() {
    OmsException e = catchThrowableOfType(OmsException.class, () -> client.deleteDataSource("e_doesnotexist"));

    assertThat(e).isInstanceOf(OmsException.NotFound.class);
    assertThat(e.kind()).isEqualTo(OmsFailureKind.NOT_FOUND);
    assertThat(e.requestId()).isNotBlank();
  }

  @Test
  void deleteOfAnExistingIdSucceeds() {
    String id = sim.addExisting("gone-soon", "cn-anhui");

    DeleteResult result = client.deleteDataSource(" " + id + " ");

    assertThat(result.requestId()).isNotBlank();
    assertThat(sim.dataSources()).isEmpty();
  }
  @Test
  void deleteAnsweredWithHttp404AndANotExistEnvelopeIsNotFound() {
    String body = "{\"success\":false,\"code\":\"DATASOURCE_NOT_EXIST\",\"message\":\"Data source does not exist\"}";
    try (CannedOms oms = new CannedOms(new CannedOms.Answer(404, body))) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).deleteDataSource("e_x"));

      assertThat(e).isInstanceOf(OmsException.NotFound.class);
    }
    try (CannedOms oms = new CannedOms(new CannedOms.Answer(404, "Not Found"))) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).deleteDataSource("e_x"));

      assertThat(e).as("a bare 404 is an unknown action").isInstanceOf(OmsException.UnsupportedAction.class);
    }
  }

  @Test
  void nonPositiveTimeoutsAreRefusedAtConstruction() {
    OmsSettings zero = TestSettings.of(sim.baseUrl(), null, Duration.ofSeconds(1), Duration.ZERO,
        null, null, null, 0);

    assertThatThrownBy(() -> new HttpOmsClient(zero))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
