package io.slipway.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The token service of a registry with Bearer auth (the Docker Registry v2 token specification, as
 * Docker Hub and most cloud registries do it), for {@link TestRegistry#startWithTokenAuthOrSkip}.
 * The real {@code docker-registry} verifies its tokens: RS256 JWTs with the signing certificate in
 * {@code x5c}, which the registry trusts through {@code rootcertbundle}.
 *
 * <p>{@code GET /token} with Basic auth (user and password) and {@code POST /token} with an OAuth
 * form ({@code grant_type=password} or {@code refresh_token} with the identity token) grant every
 * {@code scope} asked for; anything else is 401. Each request's grant type is remembered ({@link
 * #grants()}) so that tests can tell which way a client logged in.
 */
final class TestTokenService implements AutoCloseable {

  static final String ISSUER = "slipway-test-issuer";
  static final String SERVICE = "slipway-test-registry";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String user;
  private final String password;
  private final String identityToken;
  private final List<String> grants = new CopyOnWriteArrayList<>();

  private TestTokenService(
      HttpServer server,
      PrivateKey key,
      X509Certificate certificate,
      String user,
      String password,
      String identityToken) {
    this.server = server;
    this.key = key;
    this.certificate = certificate;
    this.user = user;
    this.password = password;
    this.identityToken = identityToken;
  }

  /** A signing key made with the JDK's keytool, and the service on a free port of 127.0.0.1. */
  static TestTokenService start(Path dir, String user, String password, String identityToken)
      throws IOException {
    Path keystore = dir.resolve("token.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        keytool.toString(),
        "-genkeypair",
        "-alias",
        "token",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=slipway-test-token",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    PrivateKey key;
    X509Certificate certificate;
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
      certificate = (X509Certificate) ks.getCertificate("token");
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot read the test token key", e);
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TestTokenService service =
        new TestTokenService(server, key, certificate, user, password, identityToken);
    server.createContext("/token", service::handle);
    server.start();
    return service;
  }

  /** {@code http://127.0.0.1:PORT/token}. */
  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** The certificate, PEM, for the registry's {@code rootcertbundle}. */
  String certificatePem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The grants handed out so far: "basic", "password", "refresh_token"; "refused" for a 401. */
  List<String> grants() {
    return List.copyOf(grants);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> params;
      String subject;
      String grant;
      if (exchange.getRequestMethod().equals("POST")) {
        params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        grant = first(params, "grant_type");
        if (grant.equals("refresh_token") && first(params, "refresh_token").equals(identityToken)) {
          subject = user;
        } else if (grant.equals("password")
            && first(params, "username").equals(user)
            && first(params, "password").equals(password)) {
          subject = user;
        } else {
          subject = null;
        }
      } else {
        params = form(exchange.getRequestURI().getRawQuery());
        grant = "basic";
        String expected =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        subject =
            expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? user : null;
      }
      if (subject == null) {
        grants.add("refused");
        answer(exchange, 401, "{\"details\":\"incorrect username or password\"}");
        return;
      }
      grants.add(grant);
      List<String> scopes = new ArrayList<>();
      for (String scope : params.getOrDefault("scope", List.of())) {
        scopes.addAll(List.of(scope.split(" ")));
      }
      String token = jwt(subject, scopes);
      ObjectNode body = JSON.createObjectNode();
      body.put("token", token);
      body.put("access_token", token);
      body.put("expires_in", 300);
      body.put("issued_at", Instant.now().toString());
      if (!grant.equals("basic") || "true".equals(first(params, "offline_token"))) {
        body.put("refresh_token", identityToken);
      }
      answer(exchange, 200, body.toString());
    }
  }

  private String jwt(String subject, List<String> scopes) {
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("typ", "JWT");
      header.put("alg", "RS256");
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
      long now = Instant.now().getEpochSecond();
      ObjectNode claims = JSON.createObjectNode();
      claims.put("iss", ISSUER);
      claims.put("sub", subject);
      claims.put("aud", SERVICE);
      claims.put("exp", now + 300);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      ArrayNode access = claims.putArray("access");
      for (String scope : scopes) {
        // type:name:actions, where the name may hold a port ("127.0.0.1:5000/x" never does here)
        String[] parts = scope.split(":");
        if (parts.length < 3) {
          continue;
        }
        ObjectNode entry = access.addObject();
        entry.put("type", parts[0]);
        entry.put(
            "name", String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)));
        ArrayNode actions = entry.putArray("actions");
        for (String action : parts[parts.length - 1].split(",")) {
          actions.add(action);
        }
      }
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot sign a test token", e);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, List<String>> form(String encoded) {
    Map<String, List<String>> params = new java.util.HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
