package io.datasource.oms.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every condition reason the operator can write is documented, with what to do, in the README. */
class ReadmeReasonsTest {

  static String resourceSection() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## The PolarDBXDataSource resource\n");
    assertThat(start).as("README has the resource section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  @Test
  void everyReadyReasonIsARowOfTheReadyTable() throws Exception {
    String section = resourceSection();
    for (String reason : Conditions.ReadyReason.ALL) {
      assertThat(section).as("README documents Ready reason %s", reason)
          .containsPattern("\\| (True|False|Unknown) \\| `" + reason + "` \\|");
    }
  }

  @Test
  void everyUpToDateReasonIsARowOfTheUpToDateTable() throws Exception {
    String section = resourceSection();
    for (String reason : Conditions.UpToDateReason.ALL) {
      assertThat(section).as("README documents UpToDate reason %s", reason)
          .containsPattern("\\| (True|False) \\| `" + reason + "` \\|");
    }
  }

  @Test
  void everySpecAndStatusFieldIsDocumented() throws Exception {
    String section = resourceSection();
    for (String field : new String[] {"name", "region", "intranetAddr", "description",
        "credentialsSecretRef.name", "usernameKey", "passwordKey", "accessKeySecretRef.name",
        "accessKeyIdKey", "accessKeySecretKey", "deletionPolicy", "adoptionPolicy", "updatePolicy",
        "omsName", "dataSourceId", "observedGeneration", "conditions", "lastError",
        "lastRequestId", "createIntent", "specFingerprint", "secretsFingerprint"}) {
      assertThat(section).as("README documents %s", field).contains("`" + field + "`");
    }
    assertThat(section).contains("trailing newline");
  }
}
