package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS engines as Docker sets them up (a CA, a server certificate for "localhost", a client
 * certificate), on loopback. Certificates are made here with BouncyCastle, which docker-java
 * brings.
 */
class EngineTlsTest {

  private static final Duration SHORT = Duration.ofSeconds(2);
  private static final char[] PW = "pw".toCharArray();

  private record Issued(KeyPair keys, X509Certificate cert) {}

  private static Issued ca;
  private static Issued otherCa;
  private static Issued server;
  private static Issued client;

  @TempDir Path dir;

  @BeforeAll
  static void issueCertificates() throws Exception {
    ca = issue("Test CA", null, true, null);
    otherCa = issue("Other CA", null, true, null);
    server = issue("engine", ca, false, "localhost");
    client = issue("client", ca, false, null);
  }

  private static Issued issue(String cn, Issued issuer, boolean isCa, String dnsName)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + cn);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer == null
                ? subject
                : new X500Name(issuer.cert().getSubjectX500Principal().getName()),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (dnsName != null) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    }
    PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
    return new Issued(keys, cert);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** A folder laid out like DOCKER_CERT_PATH. */
  private Path certDir(Issued trusted, boolean withClientCert) throws Exception {
    Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", trusted.cert().getEncoded()));
    if (withClientCert) {
      Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", client.cert().getEncoded()));
      Files.writeString(
          dir.resolve("key.pem"), pem("PRIVATE KEY", client.keys().getPrivate().getEncoded()));
    }
    return dir;
  }

  private static SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "server", server.keys().getPrivate(), PW, new X509Certificate[] {server.cert(), ca.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PW);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.cert());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static FakeEngineServer tlsEngine(boolean needClientAuth) throws Exception {
    return FakeEngineServer.tls(
        serverContext(),
        needClientAuth,
        FakeEngineServer.docker("1.41", "1.12", "20.10.24", Map.of("Ostype", "linux")));
  }

  private static EngineEndpoint endpoint(String host, Path certs, boolean verify) {
    return new EngineEndpoint(host, "DOCKER_HOST", Optional.of(new TlsMaterial(certs, verify)));
  }

  @Test
  void verifiedTlsWithClientCertificate() throws Exception {
    try (FakeEngineServer engine = tlsEngine(true);
        Engine connected =
            Engine.connect(List.of(endpoint(engine.host(), certDir(ca, true), true)), SHORT)) {

      assertThat(connected.info().serverVersion()).isEqualTo("20.10.24");
      connected.client().pingCmd().exec();
    }
  }

  @Test
  void engineCertificateFromAnotherCa() throws Exception {
    try (FakeEngineServer engine = tlsEngine(false)) {
      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () ->
                  Engine.connect(
                      List.of(endpoint(engine.host(), certDir(otherCa, true), true)), SHORT));

      assertThat(e.attempts().get(0).reason())
          .startsWith("TLS handshake failed: the engine's certificate is not signed by the CA in")
          .contains(dir.resolve("ca.pem").toString())
          .contains("DOCKER_CERT_PATH");
    }
  }

  @Test
  void engineCertificateForAnotherName() throws Exception {
    try (FakeEngineServer engine = tlsEngine(false)) {
      String byAddress = "tcp://127.0.0.1:" + engine.port();

      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () -> Engine.connect(List.of(endpoint(byAddress, certDir(ca, true), true)), SHORT));

      assertThat(e.attempts().get(0).reason())
          .startsWith(
              "TLS handshake failed: the engine's certificate is not made out to 127.0.0.1");
    }
  }

  @Test
  void skipVerifyAcceptsAnUnknownCa() throws Exception {
    try (FakeEngineServer engine = tlsEngine(false);
        Engine connected =
            Engine.connect(
                List.of(endpoint(engine.host(), certDir(otherCa, false), false)), SHORT)) {
      assertThat(connected.info().apiVersion()).isEqualTo("1.41");
    }
  }

  @Test
  void engineWantsAClientCertificateWeDoNotHave() throws Exception {
    try (FakeEngineServer engine = tlsEngine(true)) {
      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () ->
                  Engine.connect(
                      List.of(endpoint(engine.host(), certDir(ca, false), true)), SHORT));

      assertThat(e.attempts().get(0).reason()).contains("client certificate");
    }
  }
}
