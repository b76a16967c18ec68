package io.slipway.core.build.buildkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.buildkit.proto.StatusResponse;
import io.slipway.core.build.buildkit.proto.Vertex;
import io.slipway.core.build.buildkit.proto.VertexLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Decoding throughput of BuildKit progress (run by hand through bench/buildkit-decode.sh; not a
 * test). Synthesizes the answer of {@code POST /build} for a RUN that prints N lines, shaped as
 * dockerd 20.10 sends it (a real capture is clipped by BuildKit at 200 KiB/s of output, see the
 * script), then times the whole decoding path on it: JSON lines → base64 → protobuf → merged
 * vertices → one {@link BuildEvent.LogLine} per line, into a listener that only counts.
 *
 * <p>Two shapes: output read in 4 KiB chunks, one chunk per message (what the daemon sends for a
 * fast writer; lines split across chunks), and one line per message (a slow writer: the most
 * messages per line).
 *
 * <p>Arguments: {@code [lines] [out-dir]}; with an out-dir the synthesized streams are written
 * there too.
 */
public final class BuildKitDecodeBench {

  private static final String RUN = "sha256:" + "5e".repeat(32);
  private static final String FROM = "sha256:" + "f0".repeat(32);
  private static final int WARMUP = 8;
  private static final int RUNS = 12;

  private BuildKitDecodeBench() {}

  public static void main(String[] args) throws IOException {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path outDir = args.length > 1 ? Path.of(args[1]) : null;
    System.out.printf(
        Locale.ROOT,
        "BuildKit trace decoding, %,d output lines, Java %s, %d processor(s) available%n",
        lines,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    measure("4 KiB chunks, one per message", stream(lines, 4096), lines, outDir, "chunks");
    measure("one line per message", stream(lines, 0), lines, outDir, "one-line");
  }

  private static void measure(String shape, byte[] stream, int lines, Path outDir, String name)
      throws IOException {
    if (outDir != null) {
      Files.createDirectories(outDir);
      Files.write(outDir.resolve("buildkit-" + name + "-" + lines + ".jsonl"), stream);
    }
    long messages = stream.length == 0 ? 0 : countNewlines(stream);
    for (int i = 0; i < WARMUP; i++) {
      decode(stream, lines);
    }
    List<Long> nanos = new ArrayList<>();
    long allocated = 0;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < RUNS; i++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      decode(stream, lines);
      nanos.add(System.nanoTime() - start);
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
    }
    nanos.sort(null);
    long best = nanos.get(0);
    long median = nanos.get(nanos.size() / 2);
    System.out.printf(
        Locale.ROOT,
        "%n%s: %,d messages, %.1f MB of JSON%n"
            + "  best   %,12.0f lines/s  (%.1f ms, %.0f MB/s of JSON)%n"
            + "  median %,12.0f lines/s  (%.1f ms)%n"
            + "  allocated per line: %.0f bytes (the line's String and LogLine included)%n",
        shape,
        messages,
        stream.length / 1e6,
        lines / (best / 1e9),
        best / 1e6,
        stream.length / 1e6 / (best / 1e9),
        lines / (median / 1e9),
        median / 1e6,
        (double) allocated / lines);
  }

  private static long countNewlines(byte[] b) {
    long n = 0;
    for (byte x : b) {
      if (x == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Counts the lines, and reads every text so that nothing can be optimized away. */
  private static final class Counter implements BuildListener {
    long lines;
    long chars;

    @Override
    public void onEvent(BuildEvent event) {
      if (event instanceof BuildEvent.LogLine l) {
        lines++;
        chars += l.text().length();
      }
    }
  }

  private static void decode(byte[] stream, int expectedLines) throws IOException {
    Counter counter = new Counter();
    BuildKitTraceDecoder decoder = new BuildKitTraceDecoder(Clock.systemUTC(), counter, List.of());
    new JsonMessageStream(new ByteArrayInputStream(stream), BuildKitTraceDecoder.TRACE_ID)
        .readAll(decoder);
    decoder.end();
    if (counter.lines != expectedLines) {
      throw new AssertionError("decoded " + counter.lines + " lines, expected " + expectedLines);
    }
  }

  /**
   * The answer to {@code RUN} printing {@code lines} lines ("output line N of the build, …"): the
   * vertices starting, the output in chunks of {@code chunkBytes} (0: one line per message), the
   * vertex completing, the image id.
   */
  static byte[] stream(int lines, int chunkBytes) throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    long second = 1_800_000_000L;
    trace(
        json,
        StatusResponse.newBuilder()
            .addVertexes(
                vertex(FROM, "[1/2] FROM docker.io/library/busybox:1")
                    .setCached(true)
                    .setStarted(ts(second, 0))
                    .setCompleted(ts(second, 1000)))
            .addVertexes(
                vertex(RUN, "[2/2] RUN ./generate-output.sh")
                    .addInputs(FROM)
                    .setStarted(ts(second, 2000)))
            .build());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (int i = 1; i <= lines; i++) {
      byte[] line =
          ("output line "
                  + i
                  + " of the build, with some typical text: compiling module "
                  + i % 97
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      if (chunkBytes == 0) {
        trace(json, log(at(second, i), line, 0, line.length));
        continue;
      }
      pending.write(line);
      while (pending.size() >= chunkBytes) {
        byte[] all = pending.toByteArray();
        trace(json, log(at(second, i), all, 0, chunkBytes));
        pending.reset();
        pending.write(all, chunkBytes, all.length - chunkBytes);
      }
    }
    if (pending.size() > 0) {
      byte[] rest = pending.toByteArray();
      trace(json, log(at(second, lines), rest, 0, rest.length));
    }
    trace(
        json,
        StatusResponse.newBuilder()
            .addVertexes(
                vertex(RUN, "[2/2] RUN ./generate-output.sh")
                    .addInputs(FROM)
                    .setStarted(ts(second, 2000))
                    .setCompleted(at(second, lines + 1)))
            .build());
    json.write(
        ("{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"sha256:" + "ab".repeat(32) + "\"}}\n")
            .getBytes(StandardCharsets.UTF_8));
    return json.toByteArray();
  }

  private static StatusResponse log(Timestamp at, byte[] bytes, int offset, int length) {
    return StatusResponse.newBuilder()
        .addLogs(
            VertexLog.newBuilder()
                .setVertex(RUN)
                .setTimestamp(at)
                .setStream(1)
                .setMsg(ByteString.copyFrom(bytes, offset, length)))
        .build();
  }

  private static Vertex.Builder vertex(String digest, String name) {
    return Vertex.newBuilder().setDigest(digest).setName(name);
  }

  /** A microsecond per line, from one second after the start. */
  private static Timestamp at(long start, int line) {
    return ts(start + 1 + line / 1_000_000, (line % 1_000_000) * 1000);
  }

  private static Timestamp ts(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  /** One line as dockerd writes it: {"id":"moby.buildkit.trace","aux":"<standard base64>"}. */
  private static void trace(ByteArrayOutputStream json, StatusResponse status) throws IOException {
    json.write("{\"id\":\"moby.buildkit.trace\",\"aux\":\"".getBytes(StandardCharsets.US_ASCII));
    json.write(Base64.getEncoder().encode(status.toByteArray()));
    json.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
  }
}
