package io.slipway.core.engine;

import com.github.dockerjava.core.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} for a {@link TlsMaterial}, with the docker CLI's rules: each PEM
 * file is optional; a client certificate needs both cert.pem and key.pem; without ca.pem the system
 * CAs are trusted; {@code verify=false} accepts any engine certificate.
 *
 * <p>docker-java's {@code LocalDirectorySSLConfig} is not used: it silently falls back to plain
 * HTTP when one of the three files is missing, and it cannot skip verification.
 *
 * <p>Limit: with {@code verify=false} the certificate chain is not checked, but Apache HttpClient
 * (inside docker-java's transport) still checks that the certificate names the host.
 */
final class TlsContexts {

  /** TLS files that cannot be used; the message is in words, for a person. */
  static final class TlsSetupException extends Exception {
    TlsSetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final char[] KEY_PASSWORD = "slipway".toCharArray();

  private TlsContexts() {}

  static SSLContext create(TlsMaterial tls) throws TlsSetupException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(tls), trustManagers(tls), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException(
          "cannot set up TLS with the files in " + tls.certDir() + " (" + e.getMessage() + ")", e);
    }
  }

  private static KeyManager[] keyManagers(TlsMaterial tls)
      throws TlsSetupException, GeneralSecurityException {
    Path certFile = tls.certFile();
    Path keyFile = tls.keyFile();
    if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
      return null; // no client certificate, as in the CLI
    }
    PrivateKey key;
    try {
      key = CertificateUtils.loadPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsSetupException("cannot read " + keyFile, e);
    }
    if (key == null) {
      throw new TlsSetupException(
          keyFile + " holds no usable private key (Docker does not support encrypted keys)", null);
    }
    List<Certificate> chain = readCertificates(certFile);
    KeyStore store = emptyKeyStore();
    store.setKeyEntry("client", key, KEY_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, KEY_PASSWORD);
    return factory.getKeyManagers();
  }

  private static TrustManager[] trustManagers(TlsMaterial tls)
      throws TlsSetupException, GeneralSecurityException {
    if (!tls.verify()) {
      return new TrustManager[] {new TrustEverything()};
    }
    Path caFile = tls.caFile();
    if (!Files.isRegularFile(caFile)) {
      return null; // the JDK's trusted CAs
    }
    KeyStore store = emptyKeyStore();
    int i = 0;
    for (Certificate ca : readCertificates(caFile)) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static List<Certificate> readCertificates(Path file) throws TlsSetupException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new TlsSetupException(file + " holds no certificate", null);
      }
      return new ArrayList<>(certs);
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsSetupException(file + " is not a PEM certificate", e);
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }

  /** SkipTLSVerify: encrypt, but accept whatever certificate the engine shows. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
