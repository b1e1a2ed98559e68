package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.TestSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OMS behind a private certificate: the client trusts exactly the PEM CA bundle it is given.
 * The certificate is made in the test with the JDK's keytool (offline, valid for two days).
 */
class HttpOmsClientHttpsTest {

  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;

  private static SSLContext serverContext;
  private static String caPem;

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path store = dir.resolve("oms.p12");
    keytool("-genkeypair", "-alias", "oms", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=oms-simulator", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    Path pem = dir.resolve("ca.pem");
    keytool("-exportcert", "-rfc", "-alias", "oms", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-file", pem.toString());
    caPem = Files.readString(pem);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, STORE_PASSWORD);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
  }

  private static OmsSettings settings(OmsSimulator sim, String pem) {
    OmsSettings s = Requests.settings(sim.baseUrl());
    return TestSettings.of(s.baseUrl(), s.credentials(), Duration.ofSeconds(5), Duration.ofSeconds(10),
        pem, null, null, 0);
  }

  @Test
  void trustsTheCaBundleItIsGiven() {
    try (OmsSimulator sim = Requests.simulator().tls(serverContext).start()) {
      assertThat(sim.baseUrl().getScheme()).isEqualTo("https");

      CreateResult created = new HttpOmsClient(settings(sim, "# the OMS CA\n" + caPem))
          .createPolarDbxDataSource(Requests.create("tls-ds"));

      assertThat(sim.dataSources()).extracting(d -> d.id()).containsExactly(created.id());
    }
  }

  @Test
  void refusesAServerItsBundleDoesNotVouchFor() {
    try (OmsSimulator sim = Requests.simulator().tls(serverContext).start()) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(settings(sim, null)).listDataSources(null));

      assertThat(e).isInstanceOf(OmsException.Transient.class);
      assertThat(e.getCause()).isInstanceOf(javax.net.ssl.SSLException.class);
      assertThat(sim.totalCalls()).isZero();
    }
  }

  @Test
  void aBundleWithoutCertificateIsRefusedAtConstruction() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      assertThatThrownBy(() -> new HttpOmsClient(settings(sim, "not a pem")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no PEM certificate");
    }
  }
}
