package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.FakeOmsClient;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The periodic sync: only a leading process lists OMS. */
class InventoryEventSourceTest {

  @SuppressWarnings("unchecked")
  static IndexerResourceCache<PolarDBXDataSource> emptyCache() {
    return (IndexerResourceCache<PolarDBXDataSource>) Proxy.newProxyInstance(
        InventoryEventSourceTest.class.getClassLoader(),
        new Class<?>[] {IndexerResourceCache.class}, (proxy, method, args) -> {
          if (method.getReturnType() == Stream.class) {
            return Stream.empty();
          }
          if (method.getReturnType() == List.class) {
            return List.of();
          }
          if (method.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
          }
          return null;
        });
  }

  @Test
  void onlyALeadingProcessListsOmsOnItsSyncInterval() {
    FakeOmsClient oms = new FakeOmsClient();
    Inventory inventory = new Inventory(oms, Clock.systemUTC(), Duration.ofSeconds(30));
    AtomicBoolean leading = new AtomicBoolean(false);
    InventoryEventSource source = new InventoryEventSource(inventory, Duration.ofMillis(50),
        leading::get, emptyCache());
    source.setEventHandler(event -> { });
    source.start();
    try {
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> oms.count(FakeOmsClient.LIST) == 0);

      leading.set(true);
      await().atMost(Duration.ofSeconds(5)).until(() -> oms.count(FakeOmsClient.LIST) >= 2);
      assertThat(inventory.current()).isPresent();
    } finally {
      source.stop();
    }
  }
}
