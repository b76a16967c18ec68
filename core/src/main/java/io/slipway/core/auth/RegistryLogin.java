package io.slipway.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a login against a registry with the Docker Registry v2 auth flow, as {@code docker login}
 * does: {@code GET /v2/}; on 401 the {@code WWW-Authenticate} challenge says how: {@code Basic} →
 * the same request with the user name and password; {@code Bearer realm=…,service=…} → a token from
 * the realm (a GET with the password as Basic auth, or an OAuth {@code refresh_token} POST for an
 * identity token), then the request with that token. 200 means the login works.
 *
 * <p>Plain HTTP for registries on this machine (localhost, 127.0.0.0/8, ::1), which the daemon
 * treats as insecure registries; HTTPS otherwise. {@link Scheme} overrides that, and so does a
 * scheme written in the registry name ({@code http://registry.lan:5000}). Docker Hub is checked at
 * {@code https://registry-1.docker.io}.
 *
 * <p>Results are sentences without secrets: "logged in as alice", "unauthorized: wrong user name or
 * password", "cannot reach https://…/v2/: connection refused". Nothing a server answers is
 * repeated, as a token endpoint's answer holds a token.
 */
public final class RegistryLogin {

  /** How to reach the registry. */
  public enum Scheme {
    /** HTTP for registries on this machine, HTTPS otherwise (or the scheme in the name). */
    AUTO,
    HTTP,
    HTTPS
  }

  /** What the check found. */
  public enum Outcome {
    /** The credentials were accepted. */
    LOGGED_IN,
    /** The registry needs no login: nothing was checked. */
    NO_LOGIN_NEEDED,
    /** The registry (or its token service) refused the credentials. */
    UNAUTHORIZED,
    /** No connection: refused, unknown host, timeout, TLS. */
    UNREACHABLE,
    /** Something answered, but not as a Docker registry does. */
    FAILED
  }

  /**
   * The check's result.
   *
   * @param endpoint the {@code /v2/} URL checked
   * @param message a sentence for people, without the registry name and without secrets
   */
  public record Result(Outcome outcome, URI endpoint, String message) {
    public Result {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(message, "message");
    }

    /** Whether the registry can be used with these credentials. */
    public boolean ok() {
      return outcome == Outcome.LOGGED_IN || outcome == Outcome.NO_LOGIN_NEEDED;
    }
  }

  /** Bound on each request (connect, then answer). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Where Docker Hub's registry API is (its credentials key is {@value RegistryNames#DOCKER_HUB}).
   */
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final Logger log = LoggerFactory.getLogger(RegistryLogin.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_ID = "slipway";

  private RegistryLogin() {}

  /** Checks with the default scheme rule and timeout. */
  public static Result test(String registry, RegistryCredentials credentials) {
    return test(registry, credentials, Scheme.AUTO, DEFAULT_TIMEOUT);
  }

  /** Checks over the given scheme with the default timeout. */
  public static Result test(String registry, RegistryCredentials credentials, Scheme scheme) {
    return test(registry, credentials, scheme, DEFAULT_TIMEOUT);
  }

  /**
   * Checks that {@code credentials} log in to {@code registry}.
   *
   * @param registry a registry name, URL or config.json key
   * @param timeout bound on each request
   */
  public static Result test(
      String registry, RegistryCredentials credentials, Scheme scheme, Duration timeout) {
    Objects.requireNonNull(credentials, "credentials");
    URI v2 = endpoint(registry, scheme);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            // Never: the JDK would repeat the Authorization header to wherever a redirect points.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new Check(client, v2, credentials, timeout).run();
  }

  /**
   * The {@code /v2/} URL checked for a registry: {@code http://127.0.0.1:5000/v2/}, {@code
   * https://ghcr.io/v2/}, {@code https://registry-1.docker.io/v2/}.
   *
   * @throws IllegalArgumentException if {@code registry} is not a host name with an optional port
   */
  public static URI endpoint(String registry, Scheme scheme) {
    String written = registry == null ? "" : registry.strip().toLowerCase(Locale.ROOT);
    String host = RegistryNames.hostname(registry);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("A registry name cannot be empty");
    }
    if (RegistryNames.isDockerHub(host)) {
      host = DOCKER_HUB_API;
    }
    String chosen =
        switch (scheme) {
          case HTTP -> "http";
          case HTTPS -> "https";
          case AUTO -> {
            if (written.startsWith("http://")) {
              yield "http";
            } else if (written.startsWith("https://")) {
              yield "https";
            }
            yield RegistryNames.isLoopback(host) ? "http" : "https";
          }
        };
    try {
      URI uri = new URI(chosen + "://" + host + "/v2/");
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("\"" + registry + "\" is not a registry host name");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + registry + "\" is not a registry host name");
    }
  }

  /** One run of the flow. */
  private static final class Check {
    private final HttpClient client;
    private final URI v2;
    private final RegistryCredentials credentials;
    private final Duration timeout;

    Check(HttpClient client, URI v2, RegistryCredentials credentials, Duration timeout) {
      this.client = client;
      this.v2 = v2;
      this.credentials = credentials;
      this.timeout = timeout;
    }

    Result run() {
      HttpResponse<Void> first;
      try {
        first = send(request(v2).GET().build(), v2);
      } catch (Unreachable e) {
        return e.result;
      }
      int status = first.statusCode();
      if (status / 100 == 2) {
        return result(
            Outcome.NO_LOGIN_NEEDED,
            "the registry needs no login; the credentials were not checked");
      }
      if (status != 401) {
        return notARegistry(status);
      }
      List<Challenge> challenges =
          Challenge.parseAll(first.headers().allValues("WWW-Authenticate"));
      Optional<Challenge> bearer = find(challenges, "bearer");
      Optional<Challenge> basic = find(challenges, "basic");
      try {
        if (bearer.isPresent()) {
          return withToken(bearer.get());
        }
        if (basic.isPresent()) {
          return withBasic();
        }
      } catch (Unreachable e) {
        return e.result;
      }
      return result(
          Outcome.FAILED,
          "the registry asked for a login (HTTP 401) without saying how (no Basic or Bearer"
              + " challenge in WWW-Authenticate)");
    }

    private Result withBasic() throws Unreachable {
      if (credentials.username().isEmpty() || credentials.password().isEmpty()) {
        return result(
            Outcome.UNAUTHORIZED,
            "unauthorized: the registry wants a user name and password, and the credentials"
                + " hold "
                + (credentials.hasIdentityToken() ? "an identity token" : "no password"));
      }
      HttpResponse<Void> r =
          send(request(v2).header("Authorization", basicAuth()).GET().build(), v2);
      return answer(r.statusCode());
    }

    private Result withToken(Challenge bearer) throws Unreachable {
      String realm = bearer.params().getOrDefault("realm", "");
      URI realmUri;
      try {
        realmUri = new URI(realm);
        if (realmUri.getScheme() == null || realmUri.getHost() == null) {
          throw new URISyntaxException(realm, "no scheme or host");
        }
      } catch (URISyntaxException e) {
        return result(
            Outcome.FAILED,
            "the registry's Bearer challenge has no usable realm (token service URL)");
      }
      Map<String, String> query = new LinkedHashMap<>();
      Optional.ofNullable(bearer.params().get("service")).ifPresent(s -> query.put("service", s));
      Optional.ofNullable(bearer.params().get("scope")).ifPresent(s -> query.put("scope", s));
      query.put("client_id", CLIENT_ID);

      HttpResponse<String> tokenResponse;
      if (credentials.hasIdentityToken()) {
        Map<String, String> form = new LinkedHashMap<>(query);
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", credentials.identityToken());
        tokenResponse =
            sendForText(
                request(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                    .build(),
                realmUri);
      } else {
        if (credentials.username().isEmpty() || credentials.password().isEmpty()) {
          return result(
              Outcome.UNAUTHORIZED, "unauthorized: the credentials hold no user name and password");
        }
        query.put("account", credentials.username());
        query.put("offline_token", "true");
        URI withQuery = withQuery(realmUri, encode(query));
        tokenResponse =
            sendForText(
                request(withQuery).header("Authorization", basicAuth()).GET().build(), realmUri);
      }
      int status = tokenResponse.statusCode();
      if (status == 401 || status == 403) {
        return unauthorized();
      }
      if (status / 100 != 2) {
        return result(
            Outcome.FAILED,
            "the token service " + withoutQuery(realmUri) + " answered HTTP " + status);
      }
      String token = token(tokenResponse.body());
      if (token.isEmpty()) {
        return result(
            Outcome.FAILED,
            "the token service " + withoutQuery(realmUri) + " answered without a token");
      }
      HttpResponse<Void> r =
          send(request(v2).header("Authorization", "Bearer " + token).GET().build(), v2);
      return answer(r.statusCode());
    }

    private Result answer(int status) {
      if (status / 100 == 2) {
        String user = credentials.username();
        boolean named = !user.isEmpty() && !user.equals(RegistryCredentials.TOKEN_USERNAME);
        if (credentials.hasIdentityToken()) {
          return result(
              Outcome.LOGGED_IN,
              named
                  ? "logged in as " + user + " (identity token)"
                  : "logged in with an identity token");
        }
        return result(Outcome.LOGGED_IN, "logged in as " + user);
      }
      if (status == 401 || status == 403) {
        return unauthorized();
      }
      return notARegistry(status);
    }

    private Result unauthorized() {
      return result(
          Outcome.UNAUTHORIZED,
          credentials.hasIdentityToken()
              ? "unauthorized: the identity token was refused; log in again"
              : "unauthorized: wrong user name or password");
    }

    private Result notARegistry(int status) {
      return result(
          Outcome.FAILED, "not a Docker registry API: GET " + v2 + " answered HTTP " + status);
    }

    private Result result(Outcome outcome, String message) {
      return new Result(outcome, v2, message);
    }

    private HttpRequest.Builder request(URI uri) {
      return HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("User-Agent", "slipway")
          .header("Docker-Distribution-Api-Version", "registry/2.0");
    }

    private String basicAuth() {
      String pair = credentials.username() + ":" + credentials.password();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<Void> send(HttpRequest request, URI shown) throws Unreachable {
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new Unreachable(result(Outcome.UNREACHABLE, unreachable(shown, e)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable(result(Outcome.UNREACHABLE, "interrupted"));
      }
    }

    private HttpResponse<String> sendForText(HttpRequest request, URI shown) throws Unreachable {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new Unreachable(result(Outcome.UNREACHABLE, unreachable(shown, e)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unreachable(result(Outcome.UNREACHABLE, "interrupted"));
      }
    }

    private String unreachable(URI uri, IOException e) {
      log.debug("No answer from {}", withoutQuery(uri), e);
      return "cannot reach " + withoutQuery(uri) + ": " + why(e);
    }

    private String why(IOException e) {
      if (e instanceof HttpConnectTimeoutException) {
        return "no connection within " + timeout.toSeconds() + " s";
      }
      if (e instanceof HttpTimeoutException) {
        return "no answer within " + timeout.toSeconds() + " s";
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConnectException) {
          return "connection refused";
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
          return "unknown host";
        }
        if (t instanceof SSLException) {
          return "TLS failed ("
              + Objects.requireNonNullElse(t.getMessage(), "handshake")
              + "); if the registry speaks plain HTTP, check it over http";
        }
      }
      String m = e.getMessage();
      return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
  }

  /** The flow stopped for want of a connection; carries the result to return. */
  private static final class Unreachable extends Exception {
    final transient Result result;

    Unreachable(Result result) {
      super(result.message(), null, false, false);
      this.result = result;
    }
  }

  /** The token from a token service's JSON answer: {@code token}, else {@code access_token}. */
  static String token(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        return "";
      }
      String token = node.path("token").asText("");
      return token.isEmpty() ? node.path("access_token").asText("") : token;
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<Challenge> find(List<Challenge> challenges, String scheme) {
    return challenges.stream().filter(c -> c.scheme().equals(scheme)).findFirst();
  }

  private static String encode(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach(
        (k, v) ->
            parts.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", parts);
  }

  private static URI withQuery(URI uri, String query) {
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
  }

  private static String withoutQuery(URI uri) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  /**
   * One challenge of a {@code WWW-Authenticate} header: the scheme (lower case) and its parameters
   * (names lower case).
   */
  record Challenge(String scheme, Map<String, String> params) {

    /** Every challenge in these header values (a value may hold several, comma-separated). */
    static List<Challenge> parseAll(List<String> headerValues) {
      List<Challenge> all = new ArrayList<>();
      for (String value : headerValues) {
        all.addAll(parse(value));
      }
      return all;
    }

    static List<Challenge> parse(String header) {
      List<Challenge> challenges = new ArrayList<>();
      Lexer in = new Lexer(header);
      while (true) {
        in.skip(" \t,");
        String scheme = in.token();
        if (scheme.isEmpty()) {
          break;
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
          in.skip(" \t");
          int mark = in.pos;
          String name = in.token();
          in.skip(" \t");
          if (name.isEmpty() || !in.consume('=')) {
            in.pos = mark; // the next challenge's scheme
            break;
          }
          in.skip(" \t");
          params.put(name.toLowerCase(Locale.ROOT), in.peek() == '"' ? in.quoted() : in.token());
          in.skip(" \t");
          if (!in.consume(',')) {
            break;
          }
        }
        challenges.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
      }
      return challenges;
    }
  }

  private static final class Lexer {
    private final String s;
    int pos;

    Lexer(String s) {
      this.s = s == null ? "" : s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skip(String chars) {
      while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    boolean consume(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    String token() {
      int start = pos;
      while (pos < s.length() && " \t,=\"".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }

    String quoted() {
      pos++; // the opening quote
      StringBuilder sb = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != '"') {
        char c = s.charAt(pos++);
        if (c == '\\' && pos < s.length()) {
          c = s.charAt(pos++);
        }
        sb.append(c);
      }
      pos++; // the closing quote
      return sb.toString();
    }
  }
}
