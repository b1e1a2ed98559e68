package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.ConnectionRef;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.testing.FakeOmsClient;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.TestSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where a resource goes: its connection's lifecycle, or a reason not to call OMS at all. */
class ConnectionsTest {

  private final ReconcilerOptions options = new ReconcilerOptions(DeletionPolicy.Delete,
      Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(1500), Clock.systemUTC());
  private final FakeOmsClient oms = new FakeOmsClient();
  private final DataSourceLifecycle fallback = new DataSourceLifecycle(oms,
      new Inventory(oms, options.clock(), Duration.ZERO), options, ReconcileObserver.NONE,
      new FailureTable(options));
  private final AtomicInteger clientsBuilt = new AtomicInteger();

  private Connections connections(boolean enabled) {
    return new Connections(fallback, enabled ? (name, settings, rate, burst) -> {
      clientsBuilt.incrementAndGet();
      return new FakeOmsClient();
    } : null, options, ReconcileObserver.NONE, Duration.ZERO);
  }

  private static PolarDBXDataSource on(String connection) {
    PolarDBXDataSource r = Fixtures.resource("team-a", "r");
    if (connection != null) {
      r.getSpec().setConnectionRef(new ConnectionRef(connection));
    }
    return r;
  }

  private static OmsConnection connection(String name, long generation) {
    OmsConnection c = new OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(generation).build());
    c.setSpec(new OmsConnectionSpec());
    return c;
  }

  @Test
  void withoutAConnectionRefTheDefaultLifecycleIsUsedEvenWithSupportOff() {
    assertThat(connections(false).route(on(null), null, ns -> Map.of()))
        .isEqualTo(new Connections.Use(fallback));
  }

  @Test
  void aConnectionRefWithSupportOffIsConnectionNotFoundAndSaysHowToTurnItOn() {
    Connections.Route route = connections(false).route(on("east"), null, ns -> Map.of());
    assertThat(route).isInstanceOfSatisfying(Connections.Blocked.class, b -> {
      assertThat(b.reason()).isEqualTo(ReadyReason.CONNECTION_NOT_FOUND);
      assertThat(b.message()).contains("OMS_CONNECTIONS_ENABLED").contains("No OMS call");
    });
  }

  @Test
  void aConnectionIsUsedOnlyOnceItsCurrentGenerationWasCheckedReady() {
    Connections c = connections(true);
    OmsConnection east = connection("east", 2);
    assertThat(c.route(on("east"), east, ns -> Map.of())).isInstanceOfSatisfying(
        Connections.Blocked.class,
        b -> assertThat(b.reason()).isEqualTo(ReadyReason.CONNECTION_NOT_READY));

    OmsSettings settings = TestSettings.defaults(URI.create("http://oms.example"), null);
    Connections.Entry entry = c.settle("east", 2L, "f1", settings, 10, 10);
    c.put(new Connections.Entry("east", "f1", 2L, entry.client(), entry.inventory(),
        entry.lifecycle(), true, "ok"));
    assertThat(c.route(on("east"), east, ns -> Map.of()))
        .isEqualTo(new Connections.Use(entry.lifecycle()));
    // A newer generation is not used before it is checked; the same settings keep the client.
    assertThat(c.route(on("east"), connection("east", 3), ns -> Map.of()))
        .isInstanceOf(Connections.Blocked.class);
    assertThat(c.settle("east", 3L, "f1", settings, 10, 10).client()).isSameAs(entry.client());
    assertThat(c.settle("east", 3L, "f2", settings, 10, 10).client())
        .isNotSameAs(entry.client());
    assertThat(clientsBuilt).hasValue(2);
  }

  @Test
  void theAllowListMatchesByNameOrByNamespaceLabels() {
    var allowed = new OmsConnectionSpec.AllowedNamespaces();
    allowed.setNames(List.of("team-a"));
    allowed.setMatchLabels(Map.of("oms", "east"));
    Map<String, Map<String, String>> labels = Map.of(
        "team-b", Map.of("oms", "east", "x", "y"), "team-c", Map.of("oms", "west"));

    assertThat(Connections.allowed(null, "anyone", labels::get)).isTrue();
    assertThat(Connections.allowed(allowed, "team-a", labels::get)).isTrue();
    assertThat(Connections.allowed(allowed, "team-b", labels::get)).isTrue();
    assertThat(Connections.allowed(allowed, "team-c", labels::get)).isFalse();
    assertThat(Connections.allowed(allowed, "team-d", ns -> null)).isFalse();
  }
}
