package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Tolerant reading of one JSON object: any case, trimmed text, loose booleans and numbers. */
class JsonObjectViewTest {

  private final ObjectMapper json = new ObjectMapper();

  private JsonObjectView view(String text) throws Exception {
    return new JsonObjectView(json.readTree(text));
  }

  @Test
  void namesAreCaseInsensitiveAndTheFirstSpellingWins() throws Exception {
    JsonObjectView v = view("{\"Code\":\"A\",\"code\":\"B\"}");
    assertThat(v.text("CODE")).isEqualTo("A");
    assertThat(v.entries()).extracting(e -> e.getKey()).containsExactly("Code", "code");
  }

  @Test
  void textIsTrimmedRawTextIsNotAndContainersAndNullsAreNoText() throws Exception {
    JsonObjectView v = view("{\"a\":\" x \",\"n\":7,\"o\":{},\"z\":null}");
    assertThat(v.text("a")).isEqualTo("x");
    assertThat(v.rawText("a")).isEqualTo(" x ");
    assertThat(v.text("n")).isEqualTo("7");
    assertThat(v.text("o")).isNull();
    assertThat(v.text("z")).isNull();
    assertThat(v.get("z")).isNull();
    assertThat(v.text("missing")).isNull();
  }

  @Test
  void booleansAndNumbersMayArriveAsText() throws Exception {
    JsonObjectView v = view("{\"t\":\" TRUE \",\"f\":false,\"x\":\"yes\",\"n\":\" 12 \",\"m\":3.9,"
        + "\"bad\":\"1x\"}");
    assertThat(v.bool("t")).isTrue();
    assertThat(v.bool("f")).isFalse();
    assertThat(v.bool("x")).isNull();
    assertThat(v.number("n")).isEqualTo(12L);
    assertThat(v.number("m")).isEqualTo(3L);
    assertThat(v.number("bad")).isNull();
  }

  @Test
  void objectReadsANestedObjectOnly() throws Exception {
    JsonObjectView v = view("{\"ErrorDetail\":{\"CODE\":\"c\"},\"list\":[1]}");
    assertThat(v.object("errorDetail")).get().extracting(d -> d.text("code")).isEqualTo("c");
    assertThat(v.object("list")).isEmpty();
    assertThat(v.object("missing")).isEmpty();
  }
}
