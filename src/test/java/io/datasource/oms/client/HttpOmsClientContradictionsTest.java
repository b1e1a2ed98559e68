package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.simulator.CreateSpelling;
import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.UnknownActionStyle;
import io.datasource.oms.simulator.UserFieldKey;
import io.datasource.oms.testing.TestSettings;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** OMS-API.md contradictions 1 (create action spelling) and 2 (user field key). */
class HttpOmsClientContradictionsTest {

  private static final String POLAR = OmsSettings.CREATE_POLAR;
  private static final String PILAR = OmsSettings.CREATE_PILAR;
  private final ObjectMapper json = new ObjectMapper();

  private static HttpOmsClient client(OmsSimulator sim, String createAction, OmsSettings.UserFieldMode mode) {
    OmsSettings base = Requests.settings(sim.baseUrl());
    return new HttpOmsClient(TestSettings.of(base.baseUrl(), base.credentials(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), null, createAction, mode, 0));
  }

  @ParameterizedTest
  @EnumSource(UnknownActionStyle.class)
  void fallsBackToPilarOnceAndRemembersIt(UnknownActionStyle style) {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.PILAR)
        .unknownActionStyle(style).start()) {
      HttpOmsClient client = client(sim, null, null); // default: Polar first

      CreateResult first = client.createPolarDbxDataSource(create("ds1"));

      assertThat(first.id()).startsWith("e_");
      assertThat(sim.callCount(POLAR)).isEqualTo(1);
      assertThat(sim.callCount(PILAR)).isEqualTo(1);

      client.createPolarDbxDataSource(create("ds2"));

      assertThat(sim.callCount(POLAR)).as("the working spelling is remembered").isEqualTo(1);
      assertThat(sim.callCount(PILAR)).isEqualTo(2);
      assertThat(sim.dataSources()).hasSize(2);
    }
  }

  @Test
  void fallsBackToPolarWhenConfiguredWithPilar() {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.POLAR).start()) {
      HttpOmsClient client = client(sim, PILAR, null);

      client.createPolarDbxDataSource(create("ds1"));
      client.createPolarDbxDataSource(create("ds2"));

      assertThat(sim.callCount(PILAR)).isEqualTo(1);
      assertThat(sim.callCount(POLAR)).isEqualTo(2);
    }
  }

  @Test
  void usesTheConfiguredSpellingAloneWhenTheServerKnowsIt() {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.POLAR).start()) {
      Requests.client(sim).createPolarDbxDataSource(create("ds1"));

      assertThat(sim.totalCalls()).isEqualTo(1);
      assertThat(sim.callCount(POLAR)).isEqualTo(1);
    }
  }

  @Test
  void aRejectionUnderTheOtherSpellingIsRememberedToo() {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.PILAR).start()) {
      HttpOmsClient client = client(sim, null, null);

      OmsException e = catchThrowableOfType(OmsException.class,
          () -> client.createPolarDbxDataSource(create("has space")));
      assertThat(e).isInstanceOf(OmsException.Rejected.class);
      client.createPolarDbxDataSource(create("ds2"));

      assertThat(sim.callCount(POLAR)).isEqualTo(1);
      assertThat(sim.callCount(PILAR)).isEqualTo(2);
    }
  }

  @Test
  void aTransientFailureUnderTheOtherSpellingIsNotRemembered() {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.PILAR).start()) {
      HttpOmsClient client = client(sim, null, null);
      sim.faults().failNext(1, Fault.HTTP_503, PILAR);

      OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.Transient.class);
      assertThat(client.currentCreateAction()).isEqualTo(POLAR);
    }
  }

  @Test
  void aCustomActionNameHasNoOtherSpelling() {
    try (OmsSimulator sim = Requests.simulator().createSpellings(CreateSpelling.PILAR).start()) {
      HttpOmsClient custom = client(sim, "CreatePolarDBXDataSourceV2", null);

      OmsException e = catchThrowableOfType(OmsException.class, () -> custom.createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.UnsupportedAction.class);
      assertThat(sim.totalCalls()).isEqualTo(1);
    }
  }

  @Test
  void triesEachSpellingOnceWhenNeitherIsKnownOverHttp404() {
    try (CannedOms oms = new CannedOms(new CannedOms.Answer(404, "Not Found"))) {
      HttpOmsClient client = new HttpOmsClient(Requests.settings(oms.baseUrl()));

      OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.UnsupportedAction.class);
      assertThat(e.error().httpStatus()).isEqualTo(404);
      assertThat(oms.requests()).hasSize(2);
      assertThat(oms.requests().get(0)).startsWith("Action=" + POLAR + " ");
      assertThat(oms.requests().get(1)).startsWith("Action=" + PILAR + " ");
      assertThat(client.currentCreateAction()).isEqualTo(POLAR);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
    "{\"success\":false,\"code\":\"InvalidAction.NotFound\",\"message\":\"Specified api is not found\"}",
    "{\"success\":false,\"code\":\"PARAM_ERROR\",\"message\":\"Unsupported action: CreatePolarDBDataSource\"}",
    "{\"Success\":false,\"ErrorDetail\":{\"Code\":\"UNKNOWN_ACTION\",\"Message\":\"x\"}}"
  })
  void recognisesUnknownActionAnswersInTheEnvelope(String unknown) {
    try (CannedOms oms = CannedOms.answering(unknown,
        "{\"success\":true,\"data\":\"e_abc\",\"requestId\":\"r2\"}")) {
      HttpOmsClient client = new HttpOmsClient(Requests.settings(oms.baseUrl()));

      CreateResult result = client.createPolarDbxDataSource(create("ds1"));

      assertThat(result.id()).isEqualTo("e_abc");
      assertThat(oms.requests()).hasSize(2);
      assertThat(client.currentCreateAction()).isEqualTo(PILAR);
    }
  }

  @ParameterizedTest
  @EnumSource(value = UserFieldKey.class, names = {"USERNAME", "USER_NAME"})
  void bothUserKeysByDefaultSatisfyAServerReadingEitherOne(UserFieldKey key) throws Exception {
    try (OmsSimulator sim = Requests.simulator().userFieldKey(key).start()) {
      Requests.client(sim).createPolarDbxDataSource(create("ds1"));

      assertThat(sim.dataSources()).singleElement()
          .satisfies(ds -> assertThat(ds.userName()).isEqualTo("migrator"));
      JsonNode body = json.readTree(Requests.last(sim).body());
      assertThat(body.get("username").asText()).isEqualTo("migrator");
      assertThat(body.get("userName").asText()).isEqualTo("migrator");
    }
  }

  @Test
  void userFieldModeSelectsOneKey() throws Exception {
    try (OmsSimulator sim = Requests.simulator().userFieldKey(UserFieldKey.USER_NAME).start()) {
      client(sim, null, OmsSettings.UserFieldMode.USER_NAME).createPolarDbxDataSource(create("ds1"));
      JsonNode body = json.readTree(Requests.last(sim).body());
      assertThat(body.has("userName")).isTrue();
      assertThat(body.has("username")).isFalse();

      OmsException e = catchThrowableOfType(OmsException.class,
          () -> client(sim, null, OmsSettings.UserFieldMode.USERNAME).createPolarDbxDataSource(create("ds2")));
      assertThat(e).as("a server reading userName only misses a lone username")
          .isInstanceOf(OmsException.Rejected.class);
      JsonNode second = json.readTree(Requests.last(sim).body());
      assertThat(second.has("username")).isTrue();
      assertThat(second.has("userName")).isFalse();
      assertThat(sim.dataSources()).hasSize(1);
    }
  }
}
