package io.datasource.oms.client;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds an SSLContext that trusts exactly the CA certificates of a PEM bundle. */
final class PemTrust {

  private static final Pattern CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

  private PemTrust() {}

  static SSLContext sslContext(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      Matcher m = CERTIFICATE.matcher(pem);
      int count = 0;
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        Certificate cert = factory.generateCertificate(new ByteArrayInputStream(der));
        store.setCertificateEntry("ca-" + count, cert);
        count++;
      }
      if (count == 0) {
        throw new IllegalArgumentException("the OMS CA bundle holds no PEM certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException | IllegalStateException e) {
      throw new IllegalArgumentException("the OMS CA bundle cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }
}
