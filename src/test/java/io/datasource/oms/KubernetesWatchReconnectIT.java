package io.datasource.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An informer on the operator's transport (OkHttp) keeps receiving events after its connections
 * to the API server are cut: the watch reconnects.
 */
class KubernetesWatchReconnectIT {

  static ItEnv env;

  @BeforeAll
  static void start() {
    env = new ItEnv();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void anInformerSeesChangesAfterItsConnectionsAreCut() throws Exception {
    String ns = env.namespace("reconnect");
    URI server = URI.create(env.client.getConfiguration().getMasterUrl());
    List<String> seen = new CopyOnWriteArrayList<>();
    try (CuttingProxy proxy = new CuttingProxy(server.getPort())) {
      Config config = env.client.getConfiguration();
      Config proxied = new io.fabric8.kubernetes.client.ConfigBuilder(config)
          .withMasterUrl("https://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
              + proxy.port())
          .build();
      try (KubernetesClient client = OperatorMain.kubernetesClient(
          new KubernetesClientBuilder().withConfig(proxied))) {
        SharedIndexInformer<Secret> informer = client.secrets().inNamespace(ns)
            .inform(new ResourceEventHandler<>() {
              @Override
              public void onAdd(Secret s) {
                seen.add(s.getMetadata().getName());
              }

              @Override
              public void onUpdate(Secret o, Secret s) {}

              @Override
              public void onDelete(Secret s, boolean unknown) {}
            });
        env.client.resource(Fixtures.dbSecret(ns, "before-cut", Fixtures.DB_PASSWORD)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("before-cut"));
        int connections = proxy.accepted();

        proxy.cutAll();
        env.client.resource(Fixtures.dbSecret(ns, "after-cut", Fixtures.DB_PASSWORD)).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("after-cut"));
        assertThat(proxy.accepted()).as("a new connection after the cut").isGreaterThan(connections);
        informer.close();
      }
    } finally {
      env.cleanUp(ns);
    }
  }

  /** A loopback TCP relay to the API server whose open connections can be cut at once. */
  static final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    CuttingProxy(int target) throws IOException {
      this.target = target;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::acceptLoop, "cutting-proxy");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    void cutAll() {
      for (Socket s : open) {
        closeQuietly(s);
      }
      open.clear();
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        try {
          Socket in = listener.accept();
          Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
          accepted.incrementAndGet();
          open.add(in);
          open.add(out);
          pump(in, out);
          pump(out, in);
        } catch (IOException e) {
          // closed
        }
      }
    }

    private void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // cut or closed
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "cutting-proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      cutAll();
      listener.close();
    }
  }
}
