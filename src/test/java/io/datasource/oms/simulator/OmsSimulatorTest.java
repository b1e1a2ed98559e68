package io.datasource.oms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator on its own, spoken to in raw HTTP so that no client assumption hides a bug. */
class OmsSimulatorTest {

  private static final String CREATE = CreateSpelling.POLAR_ACTION;
  private static final String AUTH = "Basic " + Base64.getEncoder()
      .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final OmsSimulator sim = OmsSimulator.builder().credentials("admin", "s3cret")
      .validRegions(Set.of("cn-anhui")).paddedIds(false).start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private record Reply(int status, JsonNode body, String text) {}

  private Reply call(OmsSimulator target, String action, Object body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/v2?Action=" + action))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node;
    try {
      node = json.readTree(r.body());
    } catch (IOException e) {
      node = null;
    }
    return new Reply(r.statusCode(), node, r.body());
  }

  private Reply call(String action, Object body) throws Exception {
    return call(sim, action, body, AUTH);
  }

  private ObjectNode validCreate(String name) {
    ObjectNode n = json.createObjectNode();
    n.put("name", name);
    n.put("region", "cn-anhui");
    n.put("username", "u");
    n.put("userName", "u");
    n.put("password", Base64.getEncoder().encodeToString("pw".getBytes(StandardCharsets.UTF_8)));
    n.put("accessKey", "ak");
    n.put("secretKey", "sk");
    n.put("intranetAddr", "10.1.1.1:3306");
    return n;
  }

  private static void assertParamError(Reply r, String messagePart) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isFalse();
    assertThat(r.body().get("code").asText()).isEqualTo("PARAM_ERROR");
    assertThat(r.body().get("message").asText()).contains(messagePart);
    assertThat(r.body().get("requestId").asText()).isNotBlank();
  }

  @Test
  void createAnswersTheNewIdInTheEnvelope() throws Exception {
    Reply r = call(CREATE, validCreate("drds-test"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("success").asBoolean()).isTrue();
    assertThat(r.body().get("data").asText()).matches("e_[a-z0-9]{12}");
    assertThat(r.body().get("cost").asText()).matches(" \\d+ ms");
    assertThat(r.body().has("errorDetail")).isTrue();
    assertThat(sim.dataSources()).singleElement().satisfies(ds -> {
      assertThat(ds.id()).isEqualTo(r.body().get("data").asText());
      assertThat(ds.name()).isEqualTo("drds-test");
      assertThat(ds.userName()).isEqualTo("u");
      assertThat(ds.intranetAddr()).isEqualTo("10.1.1.1:3306");
      assertThat(ds.inUse()).isFalse();
    });
  }

  @Test
  void paddedIdsCarryALeadingSpaceAsTheDocumentedExample() throws Exception {
    try (OmsSimulator padded = OmsSimulator.builder().start()) {
      Reply r = call(padded, CREATE, validCreate("x"), null);

      assertThat(r.body().get("data").asText()).startsWith(" e_");
      assertThat(padded.dataSources().get(0).id()).isEqualTo(r.body().get("data").asText().trim());
    }
  }

  @Test
  void everyAnswerHasItsOwnRequestId() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(call("ListDataSource", json.createObjectNode()).body().get("requestId").asText());
    }
    assertThat(ids).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "region", "password", "accessKey", "secretKey", "intranetAddr"})
  void requiredFieldsMustBePresent(String field) throws Exception {
    ObjectNode body = validCreate("x");
    body.remove(field);

    assertParamError(call(CREATE, body), field);
    assertThat(sim.dataSources()).isEmpty();
  }

  @Test
  void theUserMustBePresentUnderAKeyTheServerReads() throws Exception {
    try (OmsSimulator strict = OmsSimulator.builder().userFieldKey(UserFieldKey.USERNAME).start()) {
      ObjectNode body = validCreate("x");
      body.remove("username");

      assertParamError(call(strict, CREATE, body, null), "username");
      body.put("username", "u");
      body.remove("userName");
      assertThat(call(strict, CREATE, body, null).body().get("success").asBoolean()).isTrue();
    }
  }

  @Test
  void nameIsOneToThirtyTwoCharactersWithoutWhitespace() throws Exception {
    assertParamError(call(CREATE, validCreate("a".repeat(33))), "name");
    assertParamError(call(CREATE, validCreate("with space")), "name");
    assertParamError(call(CREATE, validCreate("tab\there")), "name");
    assertParamError(call(CREATE, validCreate("")), "name");
    assertThat(call(CREATE, validCreate("a".repeat(32))).body().get("success").asBoolean()).isTrue();
  }

  @Test
  void nameIsUnique() throws Exception {
    call(CREATE, validCreate("same"));

    assertParamError(call(CREATE, validCreate("same")), OmsSimulator.DUPLICATE_NAME);
    assertThat(sim.dataSources()).hasSize(1);
  }

  @Test
  void descriptionIsAtMost128Characters() throws Exception {
    assertParamError(call(CREATE, validCreate("x").put("description", "d".repeat(129))), "description");
    assertThat(call(CREATE, validCreate("y").put("description", "d".repeat(128)))
        .body().get("success").asBoolean()).isTrue();
  }

  @Test
  void passwordMustBeValidBase64() throws Exception {
    assertParamError(call(CREATE, validCreate("x").put("password", "not base64!")), "password");
  }

  @Test
  void regionMustBeValidWhenRegionsAreConfigured() throws Exception {
    assertParamError(call(CREATE, validCreate("x").put("region", "cn-elsewhere")), "region");
  }

  @Test
  void unreachableAddressesFailTheConnectivityTest() throws Exception {
    sim.unreachableAddresses(Set.of("10.1.1.1:3306"));

    Reply r = call(CREATE, validCreate("x"));

    assertParamError(r, "cannot connect");
    assertThat(r.body().get("message").asText()).startsWith(OmsSimulator.CONNECTIVITY_FAILED);
  }

  @Test
  void basicCredentialsAreChecked() throws Exception {
    Reply none = call(sim, "ListDataSource", json.createObjectNode(), null);
    Reply wrong = call(sim, "ListDataSource", json.createObjectNode(), "Basic "
        + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8)));

    assertThat(none.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().get("code").asText()).isEqualTo(OmsSimulator.CODE_UNAUTHORIZED);
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(200);

    sim.credentials("admin", "rotated");
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(401);
  }

  @Test
  void onlyTheConfiguredSpellingIsKnown() throws Exception {
    try (OmsSimulator pilar = OmsSimulator.builder().createSpellings(CreateSpelling.PILAR).start()) {
      Reply polar = call(pilar, CreateSpelling.POLAR_ACTION, validCreate("x"), null);
      assertThat(polar.status()).isEqualTo(200);
      assertThat(polar.body().get("success").asBoolean()).isFalse();
      assertThat(polar.body().get("code").asText()).isEqualTo(OmsSimulator.CODE_UNKNOWN_ACTION);

      assertThat(call(pilar, CreateSpelling.PILAR_ACTION, validCreate("x"), null)
          .body().get("success").asBoolean()).isTrue();
    }
    try (OmsSimulator http404 = OmsSimulator.builder().createSpellings(CreateSpelling.POLAR)
        .unknownActionStyle(UnknownActionStyle.HTTP_404).start()) {
      assertThat(call(http404, CreateSpelling.PILAR_ACTION, validCreate("x"), null).status()).isEqualTo(404);
    }
  }

  @Test
  void listPagesThroughTheMatchingSources() throws Exception {
    for (int i = 1; i <= 25; i++) {
      sim.addExisting("src-" + i, "cn-anhui");
    }
    sim.addExisting("other", "cn-anhui");

    ObjectNode q = json.createObjectNode().put("searchKey", "src-").put("pageNumber", 3).put("pageSize", 10);
    Reply r = call("ListDataSource", q);

    assertThat(r.body().get("totalCount").asInt()).isEqualTo(25);
    assertThat(r.body().get("pageNumber").asInt()).isEqualTo(3);
    assertThat(r.body().get("data")).hasSize(5);
    JsonNode item = r.body().get("data").get(0);
    assertThat(item.get("name").asText()).isEqualTo("src-21");
    for (String field : new String[] {"id", "name", "type", "region", "ip", "port", "userName",
        "description", "gmtCreate", "gmtModified"}) {
      assertThat(item.has(field)).as(field).isTrue();
    }
    assertThat(call("ListDataSource", json.createObjectNode()).body().get("data")).as("default page size")
        .hasSize(10);
  }

  @Test
  void pagesAreCappedAsARealServerDoes() throws Exception {
    OmsSimulator capped = OmsSimulator.builder().credentials("admin", "s3cret").maxPageSize(4)
        .start();
    try {
      for (int i = 1; i <= 6; i++) {
        capped.addExisting("src-" + i, "cn-anhui");
      }
      Reply r = call(capped, "ListDataSource",
          json.createObjectNode().put("pageNumber", 1).put("pageSize", 500), AUTH);
      assertThat(r.body().get("data")).hasSize(4);
      assertThat(r.body().get("pageSize").asInt()).isEqualTo(4);
      assertThat(r.body().get("totalCount").asInt()).isEqualTo(6);
      assertThat(capped.maxPageSize()).isEqualTo(4);
    } finally {
      capped.close();
    }
  }

  @Test
  void dataSourcesCanBeChangedAndDeletedBehindTheOperatorsBack() throws Exception {
    String id = sim.addExisting("console", "cn-anhui");
    String gone = sim.addExisting("gone", "cn-anhui");

    sim.changeBehindBack(id, "cn-hangzhou", "10.9.9.9:3307", "edited");
    sim.deleteBehindBack(gone);

    JsonNode item = call("ListDataSource", json.createObjectNode()).body().get("data").get(0);
    assertThat(item.get("region").asText()).isEqualTo("cn-hangzhou");
    assertThat(item.get("ip").asText()).isEqualTo("10.9.9.9");
    assertThat(item.get("port").asInt()).isEqualTo(3307);
    assertThat(item.get("description").asText()).isEqualTo("edited");
    assertThat(sim.findByName("gone")).isEmpty();
    assertThat(sim.totalCalls()).as("behind the back: no call recorded").isEqualTo(1);
  }

  @Test
  void listingFaultsCanSpareLookupsByName() throws Exception {
    sim.addExisting("orders", "cn-anhui");
    sim.faults().failNext(1, Fault.HTTP_500, OmsSimulator.LISTING_ALL);

    assertThat(call("ListDataSource", json.createObjectNode().put("searchKey", "orders"))
        .status()).isEqualTo(200);
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(500);
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(200);

    sim.faults().failNext(2, Fault.HTTP_500, OmsSimulator.LIST_ACTION);
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(500);
    assertThat(call("ListDataSource", json.createObjectNode().put("searchKey", "orders"))
        .status()).isEqualTo(500);
  }

  @Test
  void listFindsById() throws Exception {
    String id = sim.addExisting("by-id", "cn-anhui");

    Reply r = call("ListDataSource", json.createObjectNode().put("searchKey", id));

    assertThat(r.body().get("data")).singleElement().satisfies(n -> assertThat(n.get("id").asText()).isEqualTo(id));
  }

  @Test
  void deleteRemovesRefusesWhileInUseAndReportsUnknownIds() throws Exception {
    String id = sim.addExisting("victim", "cn-anhui");
    sim.markInUse(id);

    Reply busy = call("DeleteDataSource", json.createObjectNode().put("id", id));
    assertThat(busy.body().get("code").asText()).isEqualTo(OmsSimulator.CODE_IN_USE);
    assertThat(sim.dataSources()).hasSize(1);

    sim.release(id);
    Reply ok = call("DeleteDataSource", json.createObjectNode().put("id", id));
    assertThat(ok.body().get("success").asBoolean()).isTrue();
    assertThat(ok.body().get("data").isNull()).isTrue();
    assertThat(sim.dataSources()).isEmpty();

    Reply gone = call("DeleteDataSource", json.createObjectNode().put("id", id));
    assertThat(gone.status()).isEqualTo(200);
    assertThat(gone.body().get("success").asBoolean()).isFalse();
    assertThat(gone.body().get("code").asText()).isEqualTo(OmsSimulator.CODE_NOT_EXIST);
  }

  @Test
  void deleteCanBeUnsupported() throws Exception {
    String id = sim.addExisting("kept", "cn-anhui");
    sim.deleteSupported(false);

    Reply r = call("DeleteDataSource", json.createObjectNode().put("id", id));

    assertThat(r.body().get("code").asText()).isEqualTo(OmsSimulator.CODE_UNKNOWN_ACTION);
    assertThat(sim.dataSources()).hasSize(1);
  }

  @Test
  void pascalCasingAndNumericCost() throws Exception {
    try (OmsSimulator pascal = OmsSimulator.builder().envelopeCasing(EnvelopeCasing.PASCAL)
        .costShape(CostShape.NUMBER).start()) {
      pascal.addExisting("p", "cn-anhui");

      Reply r = call(pascal, "ListDataSource", json.createObjectNode(), null);

      assertThat(r.body().get("Success").asBoolean()).isTrue();
      assertThat(r.body().get("Cost").isNumber()).isTrue();
      assertThat(r.body().get("RequestId").asText()).isNotBlank();
      assertThat(r.body().get("Data").get(0).get("Name").asText()).isEqualTo("p");
      assertThat(r.body().has("success")).isFalse();
    }
  }

  @Test
  void failNextCountsDownAndCanBeRestrictedToOneAction() throws Exception {
    sim.faults().failNext(2, Fault.HTTP_503, CREATE);

    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(200);
    assertThat(call(CREATE, validCreate("a")).status()).isEqualTo(503);
    assertThat(call(CREATE, validCreate("a")).status()).isEqualTo(503);
    assertThat(call(CREATE, validCreate("a")).status()).isEqualTo(200);
    assertThat(sim.dataSources()).hasSize(1);
  }

  @Test
  void faultsAnswerTheirStatusWithoutExecuting() throws Exception {
    int[] expected = {500, 429, 408, 400, 403};
    Fault[] faults = {Fault.HTTP_500, Fault.HTTP_429, Fault.HTTP_408, Fault.HTTP_400, Fault.HTTP_403};
    for (int i = 0; i < faults.length; i++) {
      sim.faults().failNext(1, faults[i]);
      assertThat(call(CREATE, validCreate("f" + i)).status()).as(faults[i].name()).isEqualTo(expected[i]);
    }
    sim.faults().failNext(1, Fault.GHANA_OPERIE);
    Reply ghana = call(CREATE, validCreate("g"));
    assertThat(ghana.status()).isEqualTo(200);
    assertThat(ghana.body().get("code").asText()).startsWith("GHANA-OPERIE");
    assertThat(sim.dataSources()).isEmpty();
  }

  @Test
  void commitThenDropCommitsAndAnswersNothing() {
    sim.faults().failNext(1, Fault.COMMIT_THEN_DROP, CREATE);

    assertThatThrownBy(() -> call(CREATE, validCreate("lost-answer"))).isInstanceOf(IOException.class);
    assertThat(sim.dataSources()).extracting(SimulatedDataSource::name).containsExactly("lost-answer");
  }

  @Test
  void dropAnswersNothingAndExecutesNothing() {
    sim.faults().failNext(1, Fault.DROP);

    assertThatThrownBy(() -> call(CREATE, validCreate("never"))).isInstanceOf(IOException.class);
    assertThat(sim.dataSources()).isEmpty();
  }

  @Test
  void blankDataCommitsButAnswersNoId() throws Exception {
    sim.faults().failNext(1, Fault.BLANK_DATA);

    Reply r = call(CREATE, validCreate("blank"));

    assertThat(r.body().get("success").asBoolean()).isTrue();
    assertThat(r.body().get("data").asText()).isBlank();
    assertThat(sim.dataSources()).hasSize(1);
  }

  @Test
  void failFractionOneFailsEveryCallAndZeroNone() throws Exception {
    sim.faults().failFraction(1.0, Fault.HTTP_500);
    for (int i = 0; i < 5; i++) {
      assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(500);
    }
    sim.faults().failFraction(0.0, Fault.HTTP_500);
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(200);
  }

  @Test
  void unavailableAnswers503UntilSwitchedOff() throws Exception {
    sim.faults().unavailable(true);
    assertThat(call(CREATE, validCreate("x")).status()).isEqualTo(503);
    sim.faults().unavailable(false);
    assertThat(call(CREATE, validCreate("x")).status()).isEqualTo(200);
  }

  @Test
  void latencyDelaysTheAnswer() throws Exception {
    sim.faults().fixedLatency(Duration.ofMillis(300));

    long start = System.nanoTime();
    call("ListDataSource", json.createObjectNode());

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> sim.faults().randomLatency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inspectionCountsCallsAndKeepsRequestsUntilReset() throws Exception {
    call(CREATE, validCreate("a"));
    call("ListDataSource", json.createObjectNode());
    call("ListDataSource", json.createObjectNode());
    call(sim, "ListDataSource", json.createObjectNode(), null);

    assertThat(sim.callCount(CREATE)).isEqualTo(1);
    assertThat(sim.callCount("ListDataSource")).isEqualTo(3);
    assertThat(sim.callCount("DeleteDataSource")).isZero();
    assertThat(sim.totalCalls()).isEqualTo(4);
    assertThat(sim.recentRequests()).hasSize(4);
    RecordedRequest first = sim.recentRequests().get(0);
    assertThat(first.action()).isEqualTo(CREATE);
    assertThat(first.body()).contains("\"name\":\"a\"");
    assertThat(first.authorizationHeader()).isEqualTo(AUTH);
    assertThat(first.receivedAt()).isNotNull();
    assertThat(first.toString()).doesNotContain(AUTH.substring(6), "secretKey");

    sim.faults().failNext(5, Fault.HTTP_500);
    sim.reset();

    assertThat(sim.dataSources()).isEmpty();
    assertThat(sim.totalCalls()).isZero();
    assertThat(sim.recentRequests()).isEmpty();
    assertThat(call("ListDataSource", json.createObjectNode()).status()).isEqualTo(200);
  }

  @Test
  void addExistingRefusesADuplicateName() {
    sim.addExisting("taken", "cn-anhui");

    assertThatThrownBy(() -> sim.addExisting("taken", "cn-anhui")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bindsToLoopbackOnly() {
    assertThat(sim.baseUrl().getHost()).isEqualTo("127.0.0.1");
    assertThat(sim.port()).isPositive();
  }
}
