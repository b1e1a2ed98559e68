package io.datasource.oms.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz} and {@code /readyz} on the health port, {@code /metrics} (Prometheus text) on
 * the metrics port; one server when both ports are the same. The JDK's HTTP server is enough for
 * three read-only paths and keeps a web framework out of the image.
 */
public final class HttpEndpoints implements AutoCloseable {

  /** A probe's answer: 200 with "ok" when healthy, 503 with the detail otherwise. */
  public record Health(boolean healthy, String detail) {
    public static Health ok() {
      return new Health(true, "ok");
    }

    public static Health failing(String detail) {
      return new Health(false, detail);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService executor;
  private final InetAddress address;
  private final int healthPort;
  private final int metricsPort;

  private HttpEndpoints(InetAddress bind, int healthPort, int metricsPort,
      Supplier<Health> liveness, Supplier<Health> readiness, PrometheusMeterRegistry registry)
      throws IOException {
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-endpoints");
      t.setDaemon(true);
      return t;
    });
    HttpServer health = HttpServer.create(new InetSocketAddress(bind, healthPort), 16);
    servers.add(health);
    HttpServer metrics = health;
    if (healthPort == 0 || healthPort != metricsPort) {
      metrics = HttpServer.create(new InetSocketAddress(bind, metricsPort), 16);
      servers.add(metrics);
    }
    health.createContext("/healthz", probe(liveness));
    health.createContext("/readyz", probe(readiness));
    metrics.createContext("/metrics", exchange -> {
      if (notGet(exchange)) {
        return;
      }
      respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    });
    for (HttpServer server : servers) {
      server.setExecutor(executor);
      server.start();
    }
    this.address = bind;
    this.healthPort = health.getAddress().getPort();
    this.metricsPort = metrics.getAddress().getPort();
  }

  /**
   * Starts the endpoints. Port 0 picks a free port (tests); the bound ports are then
   * {@link #healthPort()} and {@link #metricsPort()}.
   */
  public static HttpEndpoints start(InetAddress bind, int healthPort, int metricsPort,
      Supplier<Health> liveness, Supplier<Health> readiness, PrometheusMeterRegistry registry) {
    try {
      HttpEndpoints endpoints = new HttpEndpoints(Objects.requireNonNull(bind, "bind"), healthPort,
          metricsPort, liveness, readiness, registry);
      LOG.info("probes on port {} (/healthz, /readyz), metrics on port {} (/metrics)",
          endpoints.healthPort, endpoints.metricsPort);
      return endpoints;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + healthPort + " or " + metricsPort, e);
    }
  }

  public int healthPort() {
    return healthPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  /** Base URL of the health server, e.g. {@code http://127.0.0.1:8081}. */
  public URI healthUrl() {
    return url(healthPort);
  }

  /** Base URL of the metrics server. */
  public URI metricsUrl() {
    return url(metricsPort);
  }

  private URI url(int port) {
    String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port);
  }

  @Override
  public void close() {
    for (HttpServer server : servers) {
      server.stop(0);
    }
    executor.shutdownNow();
  }

  private static HttpHandler probe(Supplier<Health> check) {
    return exchange -> {
      if (notGet(exchange)) {
        return;
      }
      Health health;
      try {
        health = check.get();
      } catch (RuntimeException e) {
        health = Health.failing("check failed: " + e.getClass().getSimpleName());
      }
      respond(exchange, health.healthy() ? 200 : 503, "text/plain; charset=utf-8",
          health.detail() + "\n");
    };
  }

  private static boolean notGet(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return false;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    exchange.sendResponseHeaders(405, -1);
    exchange.close();
    return true;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }
}
