package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.TestSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every remote call is bounded by the configured timeouts. */
class HttpOmsClientTimeoutTest {

  @Test
  void aSlowAnswerFailsWithinTheRequestTimeout() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      sim.faults().fixedLatency(Duration.ofSeconds(5));
      HttpOmsClient client = new HttpOmsClient(Requests.settings(sim.baseUrl(), Duration.ofMillis(300)));

      long start = System.nanoTime();
      OmsException e = catchThrowableOfType(OmsException.class, () -> client.createPolarDbxDataSource(create("ds1")));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e).isInstanceOf(OmsException.Transient.class);
      assertThat(e.error().httpStatus()).isZero();
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aServerThatSendsHeadersButNeverTheBodyFailsWithinTheRequestTimeout() throws Exception {
    CountDownLatch testOver = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread stalling = new Thread(() -> {
        try (Socket s = server.accept()) {
          s.getInputStream().read(new byte[8192]);
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n{\"success\":").getBytes());
          s.getOutputStream().flush();
          testOver.await(10, TimeUnit.SECONDS); // hold the connection open, body unsent
        } catch (Exception ignored) {
          // the test is over
        }
      }, "stalling-server");
      stalling.setDaemon(true);
      stalling.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      HttpOmsClient client = new HttpOmsClient(Requests.settings(base, Duration.ofMillis(300)));

      long start = System.nanoTime();
      OmsException e = catchThrowableOfType(OmsException.class, () -> client.listDataSources(null));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e).isInstanceOf(OmsException.Transient.class);
      assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    } finally {
      testOver.countDown();
    }
  }

  @Test
  void aConnectionThatIsNeverAcceptedFailsWithinTheConnectTimeout() throws Exception {
    // a listening socket whose accept queue is full drops further SYNs: connect hangs
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket();
        try {
          s.connect(server.getLocalSocketAddress(), 100);
        } catch (IOException full) {
          // the queue is full: this is the state the test needs
        }
        fillers.add(s);
      }
      OmsSettings s = TestSettings.of(URI.create("http://127.0.0.1:" + server.getLocalPort()), null,
          Duration.ofMillis(300), Duration.ofSeconds(30), null, null, null, 0);
      HttpOmsClient client = new HttpOmsClient(s);

      long start = System.nanoTime();
      OmsException e = catchThrowableOfType(OmsException.class, () -> client.listDataSources(null));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e).isInstanceOf(OmsException.Transient.class);
      assertThat(e.getCause()).isInstanceOf(java.net.http.HttpConnectTimeoutException.class);
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(5));
    } finally {
      for (Socket f : fillers) {
        f.close();
      }
    }
  }
}
