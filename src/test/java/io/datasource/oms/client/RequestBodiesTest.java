package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.client.OmsSettings.UserFieldMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request bodies the client sends, without any HTTP. */
class RequestBodiesTest {

  private static final CreateDataSourceRequest REQUEST = new CreateDataSourceRequest("ds1",
      "cn-anhui", "migrator", "pässwort", "ak-id", "ak-secret", "10.0.0.9:3306", null);

  @Test
  void createPutsTheFieldsInTheirOrderAndLeavesAbsentOnesOut() {
    Map<String, Object> body = RequestBodies.create(REQUEST, UserFieldMode.BOTH);
    assertThat(body).containsExactly(
        Map.entry("name", "ds1"), Map.entry("region", "cn-anhui"),
        Map.entry("username", "migrator"), Map.entry("userName", "migrator"),
        Map.entry("password", Base64.getEncoder()
            .encodeToString("pässwort".getBytes(StandardCharsets.UTF_8))),
        Map.entry("accessKey", "ak-id"), Map.entry("secretKey", "ak-secret"),
        Map.entry("intranetAddr", "10.0.0.9:3306"));
  }

  @Test
  void theUserFieldModeSelectsOneKey() {
    assertThat(RequestBodies.create(REQUEST, UserFieldMode.USERNAME))
        .containsEntry("username", "migrator").doesNotContainKey("userName");
    assertThat(RequestBodies.create(REQUEST, UserFieldMode.USER_NAME))
        .containsEntry("userName", "migrator").doesNotContainKey("username");
  }

  @Test
  void aPasswordThatIsNotUtf8IsEncodedFromItsBytesAndNotMatchedAsText() {
    byte[] latin1 = {(byte) 0xE4, 'x'};
    CreateDataSourceRequest r = new CreateDataSourceRequest("ds1", "r", "u", latin1, "a", null,
        "h", null);
    assertThat(RequestBodies.create(r, UserFieldMode.BOTH))
        .containsEntry("password", Base64.getEncoder().encodeToString(latin1));
    assertThat(RequestBodies.secretsOf(r)).containsExactly(Base64.getEncoder().encodeToString(latin1));
  }

  @Test
  void secretsOfACreateAreThePasswordAndAccessKeySecretAsTextAndAsBase64() {
    assertThat(RequestBodies.secretsOf(REQUEST)).containsExactly("pässwort",
        Base64.getEncoder().encodeToString("pässwort".getBytes(StandardCharsets.UTF_8)),
        "ak-secret", Base64.getEncoder().encodeToString("ak-secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void listAndDeleteBodies() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("searchKey", "ds");
    expected.put("pageNumber", 2);
    expected.put("pageSize", 50);
    assertThat(RequestBodies.listPage("ds", 2, 50)).containsExactlyEntriesOf(expected);
    assertThat(RequestBodies.listPage(null, 1, 50)).doesNotContainKey("searchKey");
    assertThat(RequestBodies.delete(" e_1 ")).containsExactly(Map.entry("id", "e_1"));
    assertThat(RequestBodies.delete(null)).containsEntry("id", null);
  }
}
