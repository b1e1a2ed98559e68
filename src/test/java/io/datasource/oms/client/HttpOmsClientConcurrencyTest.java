package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One client instance is shared by every reconcile thread. */
class HttpOmsClientConcurrencyTest {

  @Test
  void sixteenThreadsCreatingAtOnceEachGetTheirOwnId() throws Exception {
    int threads = 16;
    try (OmsSimulator sim = Requests.simulator().start()) {
      sim.faults().randomLatency(Duration.ofMillis(10), Duration.ofMillis(60)); // overlap the calls
      HttpOmsClient client = Requests.client(sim);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<CreateResult>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          String name = "concurrent-" + i;
          results.add(pool.submit(() -> {
            go.await();
            return client.createPolarDbxDataSource(Requests.create(name));
          }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<CreateResult> f : results) {
          ids.add(f.get(30, TimeUnit.SECONDS).id());
        }

        assertThat(ids).hasSize(threads).doesNotHaveDuplicates().allMatch(id -> id.matches("e_[a-z0-9]+"));
        assertThat(sim.dataSources()).hasSize(threads);
        assertThat(sim.dataSources().stream().collect(Collectors.toMap(SimulatedDataSource::name,
            SimulatedDataSource::id))).containsValues(ids.toArray(new String[0]));
        assertThat(sim.callCount(OmsSettings.CREATE_POLAR)).isEqualTo(threads);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
