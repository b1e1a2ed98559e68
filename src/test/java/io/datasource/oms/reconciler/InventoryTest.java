package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.testing.FakeOmsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InventoryTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final FakeOmsClient oms = new FakeOmsClient();
  final MovableClock clock = new MovableClock();

  @Test
  void aSnapshotWithinTheMaximumAgeIsReusedAndAnOlderOneRefreshed() {
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    String id = oms.addExisting("orders");

    assertThat(inventory.fresh().name("orders")).map(DataSourceRecord::id).contains(id);
    clock.advance(Duration.ofSeconds(30));
    inventory.fresh();
    assertThat(oms.count(FakeOmsClient.LIST)).isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    oms.addExisting("payments");
    assertThat(inventory.fresh().name("payments")).isPresent();
    assertThat(oms.count(FakeOmsClient.LIST)).isEqualTo(2);
  }

  @Test
  void aMaximumAgeOfZeroListsEveryTime() {
    Inventory inventory = new Inventory(oms, clock, Duration.ZERO);
    inventory.fresh();
    inventory.fresh();
    assertThat(oms.count(FakeOmsClient.LIST)).isEqualTo(2);
  }

  @Test
  void callersWaitingForARefreshShareOneListing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger listings = new AtomicInteger();
    OmsClient slow = new ListingOnly(() -> {
      listings.incrementAndGet();
      await().atMost(Duration.ofSeconds(20)).until(() -> release.await(0, TimeUnit.SECONDS));
      return new ListResult(List.of(record("a", "orders")), "r1");
    });
    Inventory inventory = new Inventory(slow, Clock.systemUTC(), Duration.ofMinutes(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Inventory.Snapshot>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(inventory::fresh));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> listings.get() == 1);
      release.countDown();
      for (Future<Inventory.Snapshot> r : results) {
        assertThat(r.get(20, TimeUnit.SECONDS).name("orders")).isPresent();
      }
      assertThat(listings).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ownWritesShowUntilAListingThatBeganAfterThemAndThenTheListingWins() {
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    inventory.fresh();
    clock.advance(Duration.ofSeconds(1));
    inventory.created(record("e_new", "orders"));
    assertThat(inventory.current().orElseThrow().id("e_new")).isPresent();
    assertThat(inventory.fresh().name("orders")).map(DataSourceRecord::id).contains("e_new");

    // A listing that began after the create and does not show it: gone from OMS since.
    clock.advance(Duration.ofSeconds(1));
    assertThat(inventory.refresh().id("e_new")).isEmpty();
  }

  @Test
  void ownDeletesHideTheDataSourceFromAnOlderListing() {
    String id = oms.addExisting("orders");
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    inventory.fresh();
    clock.advance(Duration.ofSeconds(1));
    inventory.deleted(id);
    assertThat(inventory.current().orElseThrow().name("orders")).isEmpty();
  }

  @Test
  void aCreateThenItsDeleteLeaveNeitherNameNorId() {
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    inventory.fresh();
    clock.advance(Duration.ofSeconds(1));
    inventory.created(record("e_new", "orders"));
    inventory.deleted("e_new");
    Inventory.Snapshot s = inventory.current().orElseThrow();
    assertThat(s.name("orders")).isEmpty();
    assertThat(s.id("e_new")).isEmpty();
    assertThat(s.byId()).as("the listing itself is untouched").isEmpty();
  }

  @Test
  void listenersSeeADataSourceThisProcessCreatedAndSomeoneDeletedBeforeTheNextListing() {
    List<String> gone = new CopyOnWriteArrayList<>();
    List<String> changed = new CopyOnWriteArrayList<>();
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    inventory.addListener(new Inventory.Listener() {
      @Override
      public void refreshed(Inventory.Snapshot before, Inventory.Snapshot after, Duration took) {
        if (before == null) {
          return;
        }
        before.byId().forEach((id, r) -> {
          if (after.byId().get(id) == null) {
            gone.add(id);
          } else if (!r.equals(after.byId().get(id))) {
            changed.add(id);
          }
        });
      }
    });
    inventory.fresh();
    clock.advance(Duration.ofSeconds(1));
    String kept = oms.addExisting("kept");
    inventory.created(new DataSourceRecord(kept, "kept", null, null, null, null, null, null,
        null, null)); // as sent: OMS lists more fields
    String lost = oms.addExisting("lost");
    inventory.created(record(lost, "lost"));
    oms.deleteDataSource(lost); // in the OMS console, before the next listing
    clock.advance(Duration.ofSeconds(1));

    inventory.refresh();

    assertThat(gone).containsExactly(lost);
    assertThat(changed).as("a data source this process created is no drift").isEmpty();
  }

  @Test
  void aFailedRefreshThrowsAndIsReportedThenTheNextCallTriesAgain() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Inventory inventory = new Inventory(oms, clock, Duration.ofSeconds(30));
    inventory.addListener(new Inventory.Listener() {
      @Override
      public void refreshed(Inventory.Snapshot before, Inventory.Snapshot after, Duration took) {
        seen.add("ok:" + (before == null ? "first" : "next") + ":" + after.size());
      }

      @Override
      public void refreshFailed(RuntimeException failure, Duration took) {
        seen.add("failed");
      }
    });
    oms.failNext(FakeOmsClient.LIST, FakeOmsClient.unavailable("ListDataSource"));

    assertThatThrownBy(inventory::fresh).isInstanceOf(OmsException.Transient.class);
    assertThat(inventory.current()).isEmpty();
    oms.addExisting("orders");
    assertThat(inventory.fresh().size()).isEqualTo(1);
    assertThat(seen).containsExactly("failed", "ok:first:1");
  }

  static DataSourceRecord record(String id, String name) {
    return new DataSourceRecord(id, name, "DRDS", "cn-anhui", "10.0.0.8", 3306, "app",
        "d", null, null);
  }

  /** An OMS that only lists. */
  record ListingOnly(java.util.function.Supplier<ListResult> listing) implements OmsClient {
    @Override
    public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ListResult listDataSources(String searchKey) {
      return listing.get();
    }

    @Override
    public DeleteResult deleteDataSource(String id) {
      throw new UnsupportedOperationException();
    }
  }
}
