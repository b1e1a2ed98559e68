package io.datasource.oms.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.client.OmsFailureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** Records when each call reached "OMS". */
  static final class RecordingOmsClient implements OmsClient {
    final ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();

    @Override
    public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
      calls.add(System.nanoTime());
      return new CreateResult("e_1", "req", "1 ms");
    }

    @Override
    public ListResult listDataSources(String searchKey) {
      calls.add(System.nanoTime());
      return new ListResult(List.of(), "req");
    }

    @Override
    public DeleteResult deleteDataSource(String id) {
      calls.add(System.nanoTime());
      return new DeleteResult("req", "1 ms");
    }
  }

  @Test
  void noOneSecondWindowSeesMoreThanTheRateWithTheDefaultBurst() throws Exception {
    int rate = 20;
    RecordingOmsClient oms = new RecordingOmsClient();
    OmsClient limited = new RateLimitedOmsClient(oms, rate, rate, Duration.ofSeconds(30));

    long elapsed = hammer(limited, 8, 50);

    assertThat(oms.calls).hasSize(50);
    assertThat(busiestWindow(oms.calls, SECOND)).isLessThanOrEqualTo(rate);
    // 50 calls at 20/s: two full windows must pass before the last 10 may start.
    assertThat(elapsed).isGreaterThanOrEqualTo(2 * SECOND);
    System.out.printf("rate %d/s burst %d: 50 calls in %d ms, busiest 1 s window %d calls%n",
        rate, rate, elapsed / 1_000_000, busiestWindow(oms.calls, SECOND));
  }

  @Test
  void burstOfOneSpreadsCallsEvenly() throws Exception {
    int rate = 20;
    RecordingOmsClient oms = new RecordingOmsClient();
    OmsClient limited = new RateLimitedOmsClient(oms, rate, 1, Duration.ofSeconds(30));

    long elapsed = hammer(limited, 6, 24);

    assertThat(busiestWindow(oms.calls, SECOND)).isLessThanOrEqualTo(rate);
    // One call per 1/rate: the 24th starts no sooner than 23/rate after the first.
    assertThat(elapsed).isGreaterThanOrEqualTo(23 * SECOND / rate);
  }

  @Test
  void callerWaitsNoLongerThanTheBoundAndGetsATransientFailure() {
    RecordingOmsClient oms = new RecordingOmsClient();
    OmsClient limited = new RateLimitedOmsClient(oms, 1, 1, Duration.ofMillis(100));
    limited.listDataSources("a");

    long start = System.nanoTime();
    assertThatThrownBy(() -> limited.createPolarDbxDataSource(
        new CreateDataSourceRequest("n", "r", "u", "p", "ak", "sk", "addr", null)))
        .isInstanceOfSatisfying(OmsException.class, e -> {
          assertThat(e.kind()).isEqualTo(OmsFailureKind.TRANSIENT);
          assertThat(e.error().code()).isEqualTo("RATE_LIMITED");
          assertThat(e.action()).isEqualTo("CreatePolarDBDataSource");
        });
    assertThat(System.nanoTime() - start).isLessThan(SECOND / 2);
    assertThat(oms.calls).hasSize(1);
  }

  /** Runs {@code calls} calls (mixed actions) on {@code threads} threads; returns the elapsed time. */
  private static long hammer(OmsClient client, int threads, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          switch (n % 3) {
            case 0:
              return client.listDataSources("x");
            case 1:
              return client.deleteDataSource("e_" + n);
            default:
              return client.createPolarDbxDataSource(
                  new CreateDataSourceRequest("n" + n, "r", "u", "p", "ak", "sk", "addr", null));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The largest number of calls in any half-open window [t, t + width) starting at a call. */
  static int busiestWindow(Iterable<Long> timestamps, long width) {
    List<Long> list = new ArrayList<>();
    timestamps.forEach(list::add);
    long[] t = list.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(t);
    int max = 0;
    int j = 0;
    for (int i = 0; i < t.length; i++) {
      while (j < t.length && t[j] < t[i] + width) {
        j++;
      }
      max = Math.max(max, j - i);
    }
    return max;
  }
}
