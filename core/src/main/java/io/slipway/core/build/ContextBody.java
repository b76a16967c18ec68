package io.slipway.core.build;

import io.slipway.core.HumanUnits;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextEntry;
import io.slipway.core.context.ContextException;
import io.slipway.core.context.ContextTarWriter;
import io.slipway.core.context.LocalContext;
import io.slipway.core.context.TarArchives;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code POST /build} carries: a folder packed into a tar as it is sent, or a tar archive sent
 * as it is.
 */
public sealed interface ContextBody permits ContextBody.Folder, ContextBody.Archive {

  /** The {@code dockerfile} query parameter: the Dockerfile's path inside the context. */
  String dockerfile();

  /** Bytes of content to send (for the upload's progress). */
  long contentBytes();

  /** The Dockerfile's instructions with their lines, or none when it cannot be read here. */
  List<DockerfileLines.Instruction> instructions();

  /** Writes the body; does not close {@code out}. */
  void write(OutputStream out, Compression compression, ContextTarWriter.Progress progress)
      throws IOException;

  /** How the upload step names itself. */
  default String uploadTitle() {
    return "Sending build context (" + HumanUnits.bytes(contentBytes()) + ")";
  }

  /** A local folder (maybe a checkout or a download), packed while it is sent. */
  record Folder(LocalContext context) implements ContextBody {
    @Override
    public String dockerfile() {
      return context.dockerfile();
    }

    @Override
    public long contentBytes() {
      return context.contentBytes();
    }

    @Override
    public List<DockerfileLines.Instruction> instructions() {
      // An inline Dockerfile is an entry whose file lies outside the folder: read the entry.
      Optional<Path> file =
          context.entries().stream()
              .filter(e -> e.name().equals(context.dockerfile()))
              .map(ContextEntry::source)
              .findFirst();
      try {
        return DockerfileLines.parse(
            Files.readString(
                file.orElse(context.root().resolve(context.dockerfile())), StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    }

    @Override
    public void write(OutputStream out, Compression compression, ContextTarWriter.Progress progress)
        throws IOException {
      ContextTarWriter.write(context, out, compression, progress);
    }
  }

  /**
   * A tar archive (plain or compressed) sent byte for byte: the engine unpacks it. Compression
   * options do not apply.
   */
  record Archive(Path file, String dockerfile, long contentBytes) implements ContextBody {

    private static final int MAX_DOCKERFILE = 4 * 1024 * 1024;

    @Override
    public List<DockerfileLines.Instruction> instructions() {
      try {
        return TarArchives.readEntry(file, dockerfile, MAX_DOCKERFILE)
            .map(DockerfileLines::parse)
            .orElse(List.of());
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    }

    @Override
    public void write(OutputStream out, Compression compression, ContextTarWriter.Progress progress)
        throws IOException {
      long sent = 0;
      byte[] buffer = new byte[256 * 1024];
      try (InputStream in = Files.newInputStream(file)) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          sent += n;
          progress.sent(sent, contentBytes);
        }
      } catch (java.nio.file.NoSuchFileException e) {
        throw new ContextException(
            "The tar archive " + file + " was deleted while it was being sent. Build again.");
      }
      out.flush();
    }
  }
}
