package io.datasource.oms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory OMS driven directly: no HTTP, no envelope, no recording. */
class SimulatedOmsTest {

  private final ObjectMapper json = new ObjectMapper();
  private final SimulatedOms oms = new SimulatedOms(CreateSpelling.POLAR, UserFieldKey.BOTH,
      Set.of("cn-anhui"), false, 3);

  private ObjectNode create(String name) {
    return json.createObjectNode().put("name", name).put("region", "cn-anhui")
        .put("userName", "u").put("password", "cHc=").put("accessKey", "ak")
        .put("secretKey", "sk").put("intranetAddr", "10.1.1.1:3306");
  }

  private JsonNode list(Object... keysAndValues) {
    ObjectNode n = json.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      n.set((String) keysAndValues[i], json.valueToTree(keysAndValues[i + 1]));
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(OmsAnswer a) {
    return (List<Map<String, Object>>) a.data();
  }

  private static void assertParamError(OmsAnswer a, String message) {
    assertThat(a.success()).isFalse();
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.code()).isEqualTo(SimulatedOms.CODE_PARAM_ERROR);
    assertThat(a.message()).isEqualTo(message);
  }

  @Test
  void createStoresTheDataSourceAndAnswersItsId() {
    OmsAnswer a = oms.create(create("ds1").put("description", "d"));

    assertThat(a.success()).isTrue();
    assertThat((String) a.data()).matches("e_[a-z0-9]{12}");
    assertThat(oms.dataSources()).singleElement().satisfies(ds -> {
      assertThat(ds.id()).isEqualTo(a.data());
      assertThat(ds.name()).isEqualTo("ds1");
      assertThat(ds.type()).isEqualTo(SimulatedOms.POLARDBX_TYPE);
      assertThat(ds.userName()).isEqualTo("u");
      assertThat(ds.accessKeyId()).isEqualTo("ak");
      assertThat(ds.description()).isEqualTo("d");
    });
    assertThat(new SimulatedOms().create(create("ds1")).data().toString()).startsWith(" e_");
  }

  @Test
  void createValidatesInTheDocumentedOrder() {
    assertParamError(oms.create(null), "The request body must be a JSON object");
    assertParamError(oms.create(create("x").put("region", " ")), "Missing required parameter: region");
    assertParamError(oms.create(create("has space")),
        "Invalid name: 1 to 32 characters without whitespace");
    assertParamError(oms.create(create("x").put("description", "d".repeat(129))),
        "Invalid description: at most 128 characters");
    assertParamError(oms.create(create("x").put("password", "***")),
        "Invalid password: it must be Base64-encoded");
    assertParamError(oms.create(create("x").put("region", "eu")), "Invalid region: eu");
    oms.unreachableAddresses(Set.of("10.1.1.1:3306"));
    assertParamError(oms.create(create("x")),
        SimulatedOms.CONNECTIVITY_FAILED + ": cannot connect to 10.1.1.1:3306");
    assertThat(oms.dataSources()).isEmpty();
  }

  @Test
  void namesAreUnique() {
    oms.create(create("same"));
    assertParamError(oms.create(create("same")), SimulatedOms.DUPLICATE_NAME + ": same");
    assertThatThrownBy(() -> oms.addExisting("same", "cn-anhui"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(oms.dataSources()).hasSize(1);
  }

  @Test
  void onlyTheConfiguredSpellingsAndDeleteWhenSupportedAreKnown() {
    assertThat(oms.knows(CreateSpelling.POLAR_ACTION)).isTrue();
    assertThat(oms.knows(CreateSpelling.PILAR_ACTION)).isFalse();
    assertThat(oms.knows(SimulatedOms.LIST_ACTION)).isTrue();
    assertThat(oms.knows(SimulatedOms.DELETE_ACTION)).isTrue();
    assertThat(oms.knows(null)).isFalse();
    oms.deleteSupported(false);
    assertThat(oms.knows(SimulatedOms.DELETE_ACTION)).isFalse();
    oms.reset();
    assertThat(oms.knows(SimulatedOms.DELETE_ACTION)).isTrue();
  }

  @Test
  void listMatchesNameSubstringsOrTheExactIdAndPagesWithinTheCap() {
    for (int i = 1; i <= 5; i++) {
      oms.create(create("ds" + i));
    }
    oms.create(create("other"));

    OmsAnswer first = oms.list(list("searchKey", "ds", "pageSize", 50));
    assertThat(first.totalCount()).isEqualTo(5);
    assertThat(first.pageSize()).isEqualTo(3); // capped at the server's maximum
    assertThat(items(first)).hasSize(3);
    OmsAnswer second = oms.list(list("searchKey", "ds", "pageNumber", 2, "pageSize", 3));
    assertThat(items(second)).extracting(item -> item.get("name")).containsExactly("ds4", "ds5");

    String id = oms.findByName("other").orElseThrow().id();
    assertThat(items(oms.list(list("searchKey", id)))).singleElement()
        .satisfies(item -> assertThat(item).containsEntry("ip", "10.1.1.1")
            .containsEntry("port", 3306).containsEntry("type", "DRDS"));
    assertThat(items(oms.list(list("types", List.of("MYSQL"))))).isEmpty();
    assertParamError(oms.list(list("pageNumber", 0)), "pageNumber and pageSize must be positive");
  }

  @Test
  void deleteRemovesAndRefusesUnknownIdsAndDataSourcesInUse() {
    String id = oms.create(create("ds1")).data().toString();
    oms.markInUse(id);

    OmsAnswer inUse = oms.delete(json.createObjectNode().put("id", id));
    assertThat(inUse.code()).isEqualTo(SimulatedOms.CODE_IN_USE);
    oms.release(id);
    assertThat(oms.delete(json.createObjectNode().put("id", " " + id)).success()).isTrue();
    assertThat(oms.dataSources()).isEmpty();
    OmsAnswer gone = oms.delete(json.createObjectNode().put("id", id));
    assertThat(gone.success()).isFalse();
    assertThat(gone.code()).isEqualTo(SimulatedOms.CODE_NOT_EXIST);
    assertParamError(oms.delete(json.createObjectNode()), "Missing required parameter: id");
  }

  @Test
  void changesBehindTheOperatorsBackShowInTheNextListing() {
    String id = oms.addExisting("outside", "cn-x");
    oms.changeBehindBack(id, "cn-y", "10.2.2.2:3307", null);

    assertThat(oms.findByName("outside")).get().satisfies(ds -> {
      assertThat(ds.region()).isEqualTo("cn-y");
      assertThat(ds.intranetAddr()).isEqualTo("10.2.2.2:3307");
      assertThat(ds.description()).isEqualTo("created outside the operator");
    });
    oms.deleteBehindBack(id);
    assertThat(items(oms.list(list()))).isEmpty();
    assertThatThrownBy(() -> oms.deleteBehindBack(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSimulatorsStoreIsTheOneItsHttpFrontServes() {
    try (OmsSimulator sim = OmsSimulator.builder().start()) {
      sim.oms().addExisting("direct", "cn-anhui");
      assertThat(sim.findByName("direct")).isPresent();
      assertThat(sim.totalCalls()).isZero(); // driving the store records no call
    }
  }
}
