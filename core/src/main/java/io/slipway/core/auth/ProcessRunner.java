package io.slipway.core.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program found on {@code PATH}, feeding it stdin and collecting its output, within a time
 * bound. {@link #system(Map)} runs real processes; tests of the lookup order may pass their own.
 */
@FunctionalInterface
public interface ProcessRunner {

  /**
   * What a finished program said. {@link #toString()} leaves the output out: it may hold a secret.
   */
  record Result(int exitCode, String stdout, String stderr) {
    public Result {
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
    }

    @Override
    public String toString() {
      return "Result[exitCode=" + exitCode + ", " + stdout.length() + " chars of output]";
    }
  }

  /** The program is not on {@code PATH}. */
  final class NotFoundException extends IOException {
    public NotFoundException(String program) {
      super(program + " is not on PATH");
    }
  }

  /** The program did not finish in time and was killed. */
  final class TimedOutException extends IOException {
    public TimedOutException(String program, Duration timeout) {
      super(
          program
              + " did not finish within "
              + CredentialHelper.seconds(timeout)
              + " and was stopped");
    }
  }

  /**
   * Runs {@code program} with {@code args}, writes {@code stdin} (UTF-8) and closes it, and waits
   * at most {@code timeout} for it to finish.
   *
   * @throws NotFoundException if {@code program} is not on {@code PATH}
   * @throws TimedOutException if it did not finish in time (it is killed)
   * @throws IOException if it cannot be started
   */
  Result run(String program, List<String> args, String stdin, Duration timeout)
      throws IOException, InterruptedException;

  /**
   * Real processes, with exactly this environment (not this JVM's): {@code PATH} from it is where
   * programs are looked for.
   */
  static ProcessRunner system(Map<String, String> env) {
    Map<String, String> environment = Map.copyOf(env);
    return (program, args, stdin, timeout) -> {
      Path executable =
          findOnPath(program, environment).orElseThrow(() -> new NotFoundException(program));
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(environment);
      Process process = builder.start();
      CompletableFuture<byte[]> out = drain(process.getInputStream());
      CompletableFuture<byte[]> err = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The program exited without reading its input; its exit code says more.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new TimedOutException(program, timeout);
      }
      return new Result(process.exitValue(), text(out), text(err));
    };
  }

  /** Where {@code program} is on the {@code PATH} of {@code env}, if anywhere. */
  static Optional<Path> findOnPath(String program, Map<String, String> env) {
    String path = env.getOrDefault("PATH", env.getOrDefault("Path", ""));
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    List<String> names =
        windows
            ? List.of(program + ".exe", program + ".cmd", program + ".bat", program)
            : List.of(program);
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : names) {
        Path candidate;
        try {
          candidate = Path.of(dir).resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
          continue;
        }
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              // Bounded: a helper answers a few hundred bytes.
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              byte[] buffer = new byte[8192];
              try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                  if (bytes.size() < 1024 * 1024) {
                    bytes.write(buffer, 0, Math.min(n, 1024 * 1024 - bytes.size()));
                  }
                }
              } catch (IOException e) {
                // closed when the process was killed
              }
              result.complete(bytes.toByteArray());
            },
            "slipway-process-output");
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static String text(CompletableFuture<byte[]> output) throws InterruptedException {
    try {
      // The process has exited; a grandchild that kept the pipe open must not hang us.
      return new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }
}
