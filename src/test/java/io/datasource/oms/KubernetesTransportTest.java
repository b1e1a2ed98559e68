package io.datasource.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's Kubernetes client: OkHttp, with the configuration's timeouts in force. */
class KubernetesTransportTest {

  private HttpServer silent;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();

  /** A server that accepts every request and never answers (until the test ends). */
  @BeforeEach
  void startSilentServer() throws Exception {
    silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    silent.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    silent.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    silent.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    silent.stop(0);
  }

  private Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
            + silent.getAddress().getPort())
        .withRequestTimeout(700)
        .withConnectionTimeout(1_300)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  @Test
  void theClientIsOkHttpWithTheConfiguredConnectTimeout() {
    try (KubernetesClient client = OperatorMain.kubernetesClient(
        new KubernetesClientBuilder().withConfig(config()))) {
      assertThat(client.getHttpClient()).isInstanceOf(OkHttpClientImpl.class);
      assertThat(((OkHttpClientImpl) client.getHttpClient()).getOkHttpClient()
          .connectTimeoutMillis()).isEqualTo(1_300);
    }
  }

  @Test
  void theRequestTimeoutEndsACallThatGetsNoAnswer() {
    try (KubernetesClient client = OperatorMain.kubernetesClient(
        new KubernetesClientBuilder().withConfig(config()))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.secrets().inNamespace("a").withName("b").get())
          .isInstanceOf(KubernetesClientException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(requests.get()).isEqualTo(1);
      // Ended by the 700 ms timeout: not at once, and long before the server would answer (30 s).
      assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(10));
    }
  }
}
