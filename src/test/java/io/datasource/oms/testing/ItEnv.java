package io.datasource.oms.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.CreateIntentAnnotation;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.RecordedRequest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The test JVM's real API server ({@link KubeApi#shared()}), a client of its own, an OMS simulator
 * and a captured log, shared by the tests of one IT class. Each test works in its own namespace
 * ({@link #namespace(String)}); {@link #cleanUp(String)} removes what a test left so that nothing
 * keeps calling the simulator during the next test.
 */
public final class ItEnv implements AutoCloseable {

  public final KubeApi kube;
  public final KubernetesClient client;
  public final OmsSimulator sim;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final ObjectMapper json = new ObjectMapper();

  public ItEnv() {
    kube = KubeApi.shared();
    client = kube.newClient();
    sim = OmsSimulator.builder().validRegions(java.util.Set.of(Fixtures.REGION, "cn-hangzhou"))
        .port(0).start();
    logs.start();
    rootLogger().addAppender(logs);
  }

  /** A fresh namespace named after {@code hint} (see {@link KubeApi#namespace(String)}). */
  public String namespace(String hint) {
    return kube.namespace(hint);
  }

  /**
   * The operator on this server and simulator ({@link TestOperator}), with the settings the
   * reconciler ITs share: quick retries, OMS timeouts of 2 s (connect) and 3 s (request), and
   * {@code OMS_INVENTORY_MAX_AGE=0s}, so that every create lists OMS first (these ITs count the
   * OMS calls of each create as one look, then the create, and add data sources to the simulator
   * between tests; {@code InventoryIT} covers the shared listing). Add variables, then start.
   */
  public TestOperator.Builder operator() {
    return TestOperator.on(kube).oms(sim).quickRetries().env(
        "OMS_CONNECT_TIMEOUT", "2s", "OMS_REQUEST_TIMEOUT", "3s", "OMS_INVENTORY_MAX_AGE", "0s");
  }

  public Resource<PolarDBXDataSource> pxds(String ns, String name) {
    return client.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name);
  }

  public PolarDBXDataSource get(String ns, String name) {
    return pxds(ns, name).get();
  }

  /**
   * The resource's outstanding create intent, wherever it lives: the annotation while no status
   * settles it, else one in {@code status.createIntent} (as earlier versions wrote it); or null.
   */
  public static CreateIntent openIntent(PolarDBXDataSource r) {
    CreateIntentAnnotation open = CreateIntentAnnotation.outstanding(r).orElse(null);
    if (open != null) {
      return open.intent();
    }
    return r.getStatus() == null ? null : r.getStatus().getCreateIntent();
  }

  /** Waits until Ready has this status and reason; returns the resource. */
  public PolarDBXDataSource awaitReady(String ns, String name, String status, String reason) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> get(ns, name),
        ConditionAssertions.readyIs(status, reason));
  }

  /** Waits until the condition of this type has this status and reason; returns the resource. */
  public PolarDBXDataSource awaitCondition(String ns, String name, String type, String status,
      String reason) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> get(ns, name),
        ConditionAssertions.conditionIs(type, status, reason));
  }

  public void awaitGone(String ns, String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> get(ns, name) == null);
  }

  /** Creates the two Secrets and the resource. */
  public void createWithSecrets(PolarDBXDataSource r) {
    String ns = r.getMetadata().getNamespace();
    client.resource(Fixtures.dbSecret(ns, r.getSpec().getCredentialsSecretRef().getName(),
        Fixtures.DB_PASSWORD)).create();
    client.resource(Fixtures.akSecret(ns, r.getSpec().getAccessKeySecretRef().getName())).create();
    client.resource(r).create();
  }

  /** Requests the simulator received for this action whose body names this data source. */
  public long calls(String actionPrefix, String omsName) {
    return sim.recentRequests().stream()
        .filter(q -> q.action() != null && q.action().startsWith(actionPrefix))
        .filter(q -> mentions(q, omsName))
        .count();
  }

  private boolean mentions(RecordedRequest q, String omsName) {
    try {
      var node = json.readTree(q.body());
      for (String field : List.of("name", "searchKey")) {
        if (node.has(field) && omsName.equals(node.get(field).asText())) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  public long creates(String omsName) {
    return calls("Create", omsName);
  }

  public List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  public List<Event> events(String ns, String reason) {
    return events(ns).stream().filter(e -> reason.equals(e.getReason()))
        .collect(Collectors.toList());
  }

  /** Each captured line with the messages of its exception and of all the exception's causes. */
  public List<String> logLines(Predicate<String> filter) {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      StringBuilder line = new StringBuilder(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        if (t.getCause() == t) {
          break;
        }
      }
      if (filter.test(line.toString())) {
        lines.add(line.toString());
      }
    }
    return lines;
  }

  /** How many log lines were captured (at the levels the loggers let through). */
  public int logCount() {
    return logs.list.size();
  }

  /**
   * Lets every line of the project's loggers ({@code io.datasource.oms}) through, down to TRACE
   * (OMS request and answer bodies included), until the returned handle is closed.
   */
  public AutoCloseable traceProjectLoggers() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger project = ctx.getLogger("io.datasource.oms");
    Level before = project.getLevel();
    project.setLevel(Level.TRACE);
    return () -> project.setLevel(before);
  }

  /**
   * No secret value, nor its Base64 form, in the captured logs, in any Event or in any status of
   * the whole cluster.
   */
  public void assertNoSecretLeaked() throws Exception {
    assertNoSecretLeaked(Fixtures.SECRET_VALUES);
    assertThat(logLines(l -> l.startsWith("reconciled "))).as("the reconciler logged").isNotEmpty();
  }

  /**
   * None of {@code values}, nor the Base64 of its UTF-8 form, in the captured logs (exception
   * messages and causes included), in any Event or in any status of the whole cluster. A value
   * that is not text (a binary password) is passed as its Base64 form.
   */
  public void assertNoSecretLeaked(java.util.Collection<String> values) throws Exception {
    List<String> forbidden = new ArrayList<>();
    for (String v : values) {
      forbidden.add(v);
      forbidden.add(Fixtures.base64(v));
    }
    List<String> lines = logLines(l -> true);
    String allEvents = json.writeValueAsString(
        client.v1().events().inAnyNamespace().list().getItems());
    String allStatus = json.writeValueAsString(client.resources(PolarDBXDataSource.class)
        .inAnyNamespace().list().getItems().stream().map(PolarDBXDataSource::getStatus)
        .collect(Collectors.toList()));
    for (int i = 0; i < forbidden.size(); i++) {
      String f = forbidden.get(i);
      // The failure names where, never the value (the report would leak it again).
      for (String line : lines) {
        if (line.contains(f)) {
          throw new AssertionError("secret #" + i + " found in a log line starting "
              + line.substring(0, Math.min(60, Math.max(0, line.indexOf(f)))));
        }
      }
      assertThat(allEvents.contains(f)).as("secret #%d in an Event", i).isFalse();
      assertThat(allStatus.contains(f)).as("secret #%d in a status", i).isFalse();
    }
  }

  /** Deletes every resource of the namespace, releasing them with Orphan, and waits. */
  public void cleanUp(String ns) {
    cleanUp(client, ns);
  }

  /**
   * Deletes every resource of the namespace with deletionPolicy Orphan and waits until they are
   * gone (an operator must still run to release its finalizers), so that no operator of a later
   * test class, on the same shared server, finds them.
   */
  public static void cleanUp(KubernetesClient client, String ns) {
    var resources = client.resources(PolarDBXDataSource.class).inNamespace(ns);
    for (PolarDBXDataSource r : resources.list().getItems()) {
      try {
        // A merge patch without resourceVersion: an edit pinned to the version it read met a 409
        // whenever the operator wrote in between, and the resource was then never deleted.
        resources.withName(r.getMetadata().getName()).patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\""
                + DeletionPolicy.Orphan + "\"}}");
      } catch (RuntimeException ignored) {
        // already gone
      }
      try {
        resources.withName(r.getMetadata().getName()).delete();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> resources.list().getItems().isEmpty());
  }

  private static Logger rootLogger() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    return ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Override
  public void close() {
    rootLogger().detachAppender(logs);
    sim.close();
    client.close();
  }
}
