package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator holds the values of the Secrets that resources reference, and of no other: Secrets
 * reach it as metadata only, and the referenced ones are read one by one.
 */
class ReferencedSecretsIT {

  static final int UNRELATED = 25;
  static ItEnv env;

  @BeforeAll
  static void start() {
    env = new ItEnv();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      env.close();
    }
  }

  @Test
  void watchingAllNamespacesItHoldsOnlyTheReferencedSecretsValues() {
    String ns = env.namespace("referenced-all");
    try (TestOperator operator = env.operator().start()) {
      try {
        holdsOnlyWhatIsReferenced(operator.reconciler().referencedSecrets(), ns);
      } finally {
        env.cleanUp(ns);
      }
    }
  }

  @Test
  void watchingSomeNamespacesItHoldsOnlyTheReferencedSecretsValues() {
    String ns = env.namespace("referenced-some");
    String other = env.namespace("referenced-other");
    try (TestOperator operator = env.operator().watching(ns, other).start()) {
      try {
        holdsOnlyWhatIsReferenced(operator.reconciler().referencedSecrets(), ns);
      } finally {
        env.cleanUp(ns);
        env.cleanUp(other);
      }
    }
  }

  /** A list and a watch of Secrets through the informer's client carry no value at all. */
  @Test
  void theInformersRequestsReturnMetadataOnly() throws Exception {
    String ns = env.namespace("metadata-only");
    try (KubernetesClient metadata = SecretMetadata.client(env.client)) {
      assertThat(metadata.secrets().inNamespace(ns).list().getItems())
          .as("an empty list (the server sends items: null)").isEmpty();
    }
    env.client.resource(Fixtures.dbSecret(ns, "seen", Fixtures.DB_PASSWORD)).create();
    assertThat(env.client.secrets().inNamespace(ns).withName("seen").get().getData())
        .as("a plain client reads the values").isNotEmpty();
    try (KubernetesClient metadata = SecretMetadata.client(env.client)) {
      List<Secret> listed = metadata.secrets().inNamespace(ns).list().getItems();
      assertThat(listed).extracting(s -> s.getMetadata().getName()).containsExactly("seen");
      assertThat(listed).allSatisfy(s -> {
        assertThat(s.getData()).isNullOrEmpty();
        assertThat(s.getMetadata().getResourceVersion()).isNotBlank();
      });

      List<Secret> watched = new CopyOnWriteArrayList<>();
      try (Watch w = metadata.secrets().inNamespace(ns).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Secret s) {
          watched.add(s);
        }

        @Override
        public void onClose(WatcherException cause) {}
      })) {
        env.client.resource(Fixtures.dbSecret(ns, "seen", "rotated-pw-77-do-not-leak")).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> watched.stream()
            .anyMatch(s -> "seen".equals(s.getMetadata().getName())));
      }
      assertThat(watched).allSatisfy(s -> assertThat(s.getData()).isNullOrEmpty());
    } finally {
      env.cleanUp(ns);
    }
  }

  private void holdsOnlyWhatIsReferenced(ReferencedSecrets secrets, String ns) {
    // Unreferenced Secrets of 2 KiB, some as kubectl apply leaves them: the whole Secret, values
    // included, in the last-applied-configuration annotation.
    for (int i = 0; i < UNRELATED; i++) {
      env.client.resource(unrelated(ns, "unrelated-" + i, i % 2 == 0)).create();
    }
    env.createWithSecrets(resource(ns, "user"));
    env.awaitReady(ns, "user", "True", ReadyReason.CREATED);

    assertThat(secrets.heldValues()).as("values held: the referenced pair only").isEqualTo(2);
    await().atMost(Duration.ofSeconds(20)).until(() -> secrets.known().stream()
        .filter(s -> s.getMetadata().getName().startsWith("unrelated-")).count() == UNRELATED);
    assertThat(secrets.known()).allSatisfy(s -> {
      assertThat(s.getData()).as("%s", s.getMetadata().getName()).isNullOrEmpty();
      assertThat(s.getStringData()).isNullOrEmpty();
      assertThat(s.getMetadata().getAnnotations()).isNullOrEmpty();
      assertThat(s.getMetadata().getManagedFields()).isNullOrEmpty();
    });

    // A rotation is read again, and noticed.
    env.client.resource(Fixtures.dbSecret(ns, "user-db", "rotated-pw-77-do-not-leak")).update();
    env.awaitCondition(ns, "user", Conditions.UP_TO_DATE, "False",
        UpToDateReason.CREDENTIALS_CHANGED);
    assertThat(secrets.heldValues()).isEqualTo(2);

    // The resource goes: so do the values it referenced.
    env.pxds(ns, "user").delete();
    env.awaitGone(ns, "user");
    await().atMost(Duration.ofSeconds(20)).until(() -> secrets.heldValues() == 0);
  }

  private static Secret unrelated(String ns, String name, boolean applied) {
    Secret s = Fixtures.secret(ns, name, Map.of("blob", "x".repeat(2048) + name));
    if (applied) {
      s = new SecretBuilder(s).editMetadata().addToAnnotations(
          "kubectl.kubernetes.io/last-applied-configuration",
          io.fabric8.kubernetes.client.utils.Serialization.asJson(s)).endMetadata().build();
    }
    return s;
  }
}
