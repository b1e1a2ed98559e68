package io.datasource.oms.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that answers fixed texts, for envelope shapes the simulator does not produce (an OMS
 * echoing a secret, a server ignoring pageNumber, odd casing). The last answer repeats.
 */
final class CannedOms implements AutoCloseable {

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Answer last;

  CannedOms(Answer... sequence) {
    answers.addAll(List.of(sequence));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getRawQuery() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Answer a = answers.poll();
      if (a == null) {
        a = last;
      } else {
        last = a;
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  static CannedOms answering(String... bodies) {
    Answer[] sequence = new Answer[bodies.length];
    for (int i = 0; i < bodies.length; i++) {
      sequence[i] = new Answer(200, bodies[i]);
    }
    return new CannedOms(sequence);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** "query body" of every request received. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
