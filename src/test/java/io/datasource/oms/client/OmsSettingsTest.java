package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.testing.TestSettings;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one check of an OMS base URL, shared by the environment and OmsConnection specs. */
class OmsSettingsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://oms:8089                | ",
      "https://oms.example/console/   | ",
      "http://u:pw@oms:8089           | CREDENTIALS",
      "ftp://oms                      | NOT_HTTP",
      "oms.example:8089               | NOT_HTTP",
      "http:///path                   | NOT_HTTP",
      "http://oms/api/v2?Action=x     | QUERY_OR_FRAGMENT",
      "http://oms/#top                | QUERY_OR_FRAGMENT",
  })
  void baseUrlProblems(String url, OmsSettings.BaseUrlProblem expected) {
    assertThat(OmsSettings.baseUrlProblem(URI.create(url))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"http://u:pw-4711@oms:8089", "ftp://oms", "http://oms/?Action=x"})
  void settingsRefuseABadBaseUrlWithoutEchoingCredentials(String url) {
    assertThatThrownBy(() -> TestSettings.defaults(URI.create(url), null))
        .isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain("pw-4711");
  }
}
