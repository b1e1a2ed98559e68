package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {

  @Test
  void keepsTheObjectWithoutItsManagedFields() {
    LeanItemStore<Secret> store = new LeanItemStore<>();
    Secret secret = new SecretBuilder().withNewMetadata().withName("db").withNamespace("ns")
        .withResourceVersion("7").addToLabels("app", "x")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl")
            .withOperation("Update").build())
        .endMetadata().withData(Map.of("password", "cHc=")).build();

    store.put(store.getKey(secret), secret);

    Secret kept = store.get("ns/db");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(kept.getMetadata().getLabels()).containsEntry("app", "x");
    assertThat(kept.getData()).containsEntry("password", "cHc=");
    assertThat(store.size()).isEqualTo(1);
  }
}
