package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.Fixtures;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  final SpecValidator validator = new SpecValidator();

  @Test
  void theFixtureIsValid() {
    assertThat(validator.validate(Fixtures.resource("ns", "ds")).valid()).isTrue();
  }

  @Test
  void aLongMetadataNameNeedsASpecName() {
    PolarDBXDataSource r = Fixtures.resource("ns", "a".repeat(33));
    assertThat(validator.validate(r).message()).contains("metadata.name").contains("32");
    r.getSpec().setName("short");
    assertThat(validator.validate(r).valid()).isTrue();
  }

  @Test
  void everyProblemIsNamed() {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getSpec().setName("a b");
    r.getSpec().setRegion("");
    r.getSpec().setIntranetAddr(null);
    r.getSpec().setDescription("d".repeat(129));
    r.getSpec().getCredentialsSecretRef().setName(" ");
    r.getSpec().setAccessKeySecretRef(null);
    assertThat(validator.validate(r).problems()).hasSize(6);
  }

  @Test
  void aMissingSpecIsInvalid() {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.setSpec(null);
    assertThat(validator.validate(r).valid()).isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"a b", "a\tb", "a\u00a0b", "a\u2003b",
      "a\u3000b", "a\u1680b"})
  void whitespaceOfEveryKindInTheNameIsNamedWithItsCodePoint(String name) {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getSpec().setName(name);
    int cp = name.codePointAt(1);
    assertThat(validator.validate(r).message())
        .contains("spec.name contains whitespace (U+" + String.format("%04X", cp) + ")");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"a\u0007b", "a\u200bb", "a\u007fb"})
  void controlAndInvisibleCharactersInTheNameAreRefused(String name) {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getSpec().setName(name);
    assertThat(validator.validate(r).message())
        .contains("spec.name contains an invisible or control character (U+");
  }

  @Test
  void lettersOfOtherScriptsArePlainNameCharacters() {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getSpec().setName("订单-数据源_1");
    assertThat(validator.validate(r).valid()).isTrue();
  }
}
