package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestCredentialHelper;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets appear nowhere but in the headers: after lookups from every source, login checks,
 * builds with and without credentials and every kind of failure, neither a password nor a token
 * (nor its base64 forms) is in the captured console and log output, the registry's log, the
 * engine's build output, any exception's message or stack trace, or any value's {@code toString}.
 */
class AuthSecretsIT {

  private static final Logger log = LoggerFactory.getLogger(AuthSecretsIT.class);
  private static final String USER = "alice";

  @TempDir Path dir;

  private final String secret = "Pw-" + UUID.randomUUID();
  private final String wrong = "Wrong-" + UUID.randomUUID();
  private final String token = "Tok-" + UUID.randomUUID();
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> said = new ArrayList<>();

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Everything that must never be seen. */
  private List<String> forbidden(List<String> headers) {
    List<String> all = new ArrayList<>(List.of(secret, wrong, token));
    for (String s : List.of(secret, wrong)) {
      all.add(b64(USER + ":" + s));
      all.add(
          Base64.getUrlEncoder().encodeToString((USER + ":" + s).getBytes(StandardCharsets.UTF_8)));
    }
    all.addAll(headers);
    return all;
  }

  @Test
  void noSecretInAnyOutputMessageOrValue() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    List<String> headers = new ArrayList<>();
    String captured;
    String registryLog;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (TestRegistry registry = TestRegistry.startOrSkip(USER, secret);
        TestImages images = new TestImages(engine)) {
      String base = registry.pushBase(engine);
      System.setOut(tee(out, console));
      System.setErr(tee(err, console));
      try {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path configDir = Files.createDirectories(dir.resolve("docker"));
        Map<String, String> env =
            TestCredentialHelper.pathWith(bin, Map.of("DOCKER_CONFIG", configDir.toString()));
        TestCredentialHelper.named("secretstore")
            .with(registry.host(), USER, secret)
            .with("ghcr.io", "<token>", token)
            .writeTo(bin);
        TestCredentialHelper.named("secrethelper").with(registry.host(), USER, secret).writeTo(bin);

        // Every source, each used for a lookup, the header, a login check and a build.
        for (String config :
            List.of(
                "{\"auths\":{\""
                    + registry.host()
                    + "\":{\"auth\":\""
                    + b64(USER + ":" + secret)
                    + "\"}}}",
                "{\"auths\":{\"ghcr.io\":{\"identitytoken\":\""
                    + token
                    + "\"}},\"credsStore\":\"secretstore\"}",
                "{\"credHelpers\":{\"" + registry.host() + "\":\"secrethelper\"}}")) {
          Files.writeString(configDir.resolve("config.json"), config);
          CredentialStore store = CredentialStore.load(env, dir);
          RegistryCredentials c = store.lookup(registry.host()).orElseThrow();
          AllCredentials all = store.all();
          String header = AuthHeaders.registryConfig(all);
          headers.add(header);
          headers.add(AuthHeaders.registryAuth(c));
          note(store, c, all, store.config(), store.config().auths());
          note(RegistryLogin.test(registry.host(), c));
          EngineCalls.Outcome built =
              EngineCalls.build(
                  engine,
                  "FROM " + base + "\nRUN echo ok\n",
                  images.uniqueTag("secrets"),
                  Optional.of(header));
          assertThat(built.succeeded()).as(built.all()).isTrue();
          note(built.all());
          registry.removeLocalCopy(engine, base);
        }

        // Failures: a wrong password, no credentials, a token where a password is needed.
        RegistryCredentials wrongOne =
            RegistryCredentials.basic(
                registry.host(), USER, wrong, new CredentialSource.CredsStore("x"));
        note(RegistryLogin.test(registry.host(), wrongOne));
        note(
            RegistryLogin.test(
                registry.host(),
                RegistryCredentials.identityToken(registry.host(), "", token, wrongOne.source())));
        String wrongHeader = AuthHeaders.registryConfig(List.of(wrongOne));
        headers.add(wrongHeader);
        note(
            EngineCalls.build(
                    engine,
                    "FROM " + base + "\n",
                    images.uniqueTag("secrets"),
                    Optional.of(wrongHeader))
                .all());
        note(
            EngineCalls.build(
                    engine, "FROM " + base + "\n", images.uniqueTag("secrets"), Optional.empty())
                .all());

        // A registry with Bearer token auth: password and identity token, right and wrong.
        try (TestRegistry bearer = TestRegistry.startWithTokenAuthOrSkip(USER, secret, token)) {
          String bearerBase = bearer.pushBase(engine);
          RegistryCredentials byToken =
              RegistryCredentials.identityToken(bearer.host(), "", token, wrongOne.source());
          note(RegistryLogin.test(bearer.host(), byToken));
          note(
              RegistryLogin.test(
                  bearer.host(),
                  RegistryCredentials.basic(bearer.host(), USER, secret, wrongOne.source())));
          note(
              RegistryLogin.test(
                  bearer.host(),
                  RegistryCredentials.basic(bearer.host(), USER, wrong, wrongOne.source())));
          note(
              RegistryLogin.test(
                  bearer.host(),
                  RegistryCredentials.identityToken(bearer.host(), "", wrong, wrongOne.source())));
          String tokenHeader = AuthHeaders.registryConfig(List.of(byToken));
          headers.add(tokenHeader);
          EngineCalls.Outcome built =
              EngineCalls.build(
                  engine,
                  "FROM " + bearerBase + "\n",
                  images.uniqueTag("secrets"),
                  Optional.of(tokenHeader));
          assertThat(built.succeeded()).as(built.all()).isTrue();
          note(built.all());
          bearer.removeLocalCopy(engine, bearerBase);
          said.add(bearer.logText());
        }

        // Broken inputs that carry the secret.
        Files.writeString(
            configDir.resolve("config.json"), "{\"auths\":{\"x\":{\"password\":" + secret + "}}}");
        failures.add(catchThrowable(() -> CredentialStore.load(env, dir)));
        Files.writeString(
            configDir.resolve("config.json"), "{\"auths\":{\"x\":{\"auth\":\"" + secret + "\"}}}");
        failures.add(catchThrowable(() -> CredentialStore.load(env, dir)));
        TestCredentialHelper.script(
            bin,
            "echoes",
            "read -r url\necho '{\"Username\":\"alice\",\"Secret\":\"" + secret + "\"}'\nexit 3\n");
        TestCredentialHelper.script(bin, "garbage", "echo 'Secret=" + secret + "'\n");
        TestCredentialHelper.script(
            bin, "stderr", "echo '{\"Secret\":\"" + secret + "\"}' >&2\nexit 1\n");
        TestCredentialHelper.script(bin, "slow", "sleep 20\n");
        for (String helper : List.of("echoes", "garbage", "stderr", "slow", "missing")) {
          Files.writeString(
              configDir.resolve("config.json"), "{\"credsStore\":\"" + helper + "\"}");
          CredentialStore store = CredentialStore.load(env, dir, Duration.ofMillis(500));
          failures.add(catchThrowable(() -> store.lookup(registry.host())));
          note(store.all());
        }
        assertThat(failures).doesNotContainNull();
        for (Throwable t : failures) {
          log.info("expected failure: {}", t.toString());
        }
      } finally {
        System.setOut(out);
        System.setErr(err);
        registry.removeLocalCopy(engine, base);
      }
      captured = console.toString(StandardCharsets.UTF_8);
      registryLog = registry.logText();
    }

    assertThat(captured).as("some output was captured").contains("expected failure");
    assertThat(registryLog).as("the registry saw the logins").contains(USER);
    StringBuilder everything = new StringBuilder(captured).append(registryLog);
    said.forEach(s -> everything.append('\n').append(s));
    for (Throwable t : failures) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      everything.append('\n').append(t).append('\n').append(trace);
    }
    for (String f : forbidden(headers)) {
      assertThat(everything.toString()).as("a secret was shown").doesNotContain(f);
    }
  }

  private void note(Object... values) {
    for (Object v : values) {
      String text = String.valueOf(v);
      said.add(text);
      System.out.println("[value] " + text);
    }
  }

  private static PrintStream tee(PrintStream original, ByteArrayOutputStream copy) {
    return new PrintStream(
        new OutputStream() {
          @Override
          public synchronized void write(int b) {
            original.write(b);
            copy.write(b);
          }

          @Override
          public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            copy.write(b, off, len);
          }
        },
        true,
        StandardCharsets.UTF_8);
  }
}
