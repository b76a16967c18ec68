package io.slipway.core.build.buildkit.session;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.slipway.core.build.buildkit.session.proto.BytesMessage;
import io.slipway.core.build.buildkit.session.proto.FileSendGrpc;
import io.slipway.core.build.buildkit.session.proto.Packet;
import io.slipway.core.build.buildkit.session.proto.Packet.PacketType;
import io.slipway.core.build.buildkit.session.proto.Stat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code moby.filesync.v1.FileSend/DiffCopy}: the engine hands back a build's output. For {@code
 * type=tar} it streams the archive as BytesMessages, written to the destination as they come. For
 * {@code type=local} it speaks fsutil's protocol the other way round: it sends the Stats, Slipway
 * asks for each file's content (REQ), writes it, and says FIN when everything is on disk.
 *
 * <p>The same method carries different messages per output type, so the service is assembled here
 * with the matching message type.
 */
final class OutputService {

  private OutputService() {}

  /** Writes a tar output to the stream {@code open} gives (a file, or standard output). */
  static ServerServiceDefinition tar(Supplier<OutputStream> open) {
    return new FileSendGrpc.FileSendImplBase() {
      @Override
      public StreamObserver<BytesMessage> diffCopy(StreamObserver<BytesMessage> responses) {
        OutputStream[] out = {null};
        return new StreamObserver<>() {
          @Override
          public void onNext(BytesMessage m) {
            try {
              if (out[0] == null) {
                out[0] = open.get();
              }
              m.getData().writeTo(out[0]);
            } catch (IOException | RuntimeException e) {
              responses.onError(
                  Status.UNKNOWN
                      .withDescription("cannot write the tar output: " + e.getMessage())
                      .asRuntimeException());
            }
          }

          @Override
          public void onError(Throwable t) {
            close();
          }

          @Override
          public void onCompleted() {
            try {
              if (out[0] == null) {
                out[0] = open.get(); // an empty output is still an (empty) file
              }
              close();
              responses.onCompleted();
            } catch (RuntimeException e) {
              responses.onError(
                  Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
            }
          }

          private void close() {
            try {
              if (out[0] != null) {
                out[0].close();
              }
            } catch (IOException ignored) {
              // reported by the engine's side, if at all
            }
          }
        };
      }
    }.bindService();
  }

  /** Writes a local output into {@code dest} (created if missing; files there are replaced). */
  static ServerServiceDefinition local(Path dest) {
    MethodDescriptor<Packet, Packet> method =
        MethodDescriptor.<Packet, Packet>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(
                MethodDescriptor.generateFullMethodName(FileSendGrpc.SERVICE_NAME, "DiffCopy"))
            .setRequestMarshaller(ProtoUtils.marshaller(Packet.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Packet.getDefaultInstance()))
            .build();
    return ServerServiceDefinition.builder(FileSendGrpc.SERVICE_NAME)
        .addMethod(
            method,
            ServerCalls.asyncBidiStreamingCall(responses -> new LocalReceiver(dest, responses)))
        .build();
  }

  /** One local output transfer; gRPC calls it from one thread at a time. */
  static final class LocalReceiver implements StreamObserver<Packet> {
    private final Path dest;
    private final StreamObserver<Packet> responses;
    private final Map<Integer, Stat> requested = new HashMap<>();
    private final Map<Integer, FileChannel> open = new HashMap<>();
    private final List<Stat> directories = new ArrayList<>();
    private int nextId;
    private boolean listEnded;
    private boolean finSent;
    private boolean done;

    LocalReceiver(Path dest, StreamObserver<Packet> responses) {
      this.dest = dest.toAbsolutePath().normalize();
      this.responses = responses;
    }

    @Override
    public synchronized void onNext(Packet p) {
      if (done) {
        return;
      }
      try {
        switch (p.getType()) {
          case PACKET_STAT -> onStat(p.hasStat() ? p.getStat() : null);
          case PACKET_DATA -> onData(p.getID(), p.getData());
          case PACKET_FIN -> finish();
          case PACKET_ERR -> fail(Status.ABORTED, "the engine: " + p.getData().toStringUtf8());
          default -> {}
        }
      } catch (IOException e) {
        fail(Status.UNKNOWN, "cannot write the output to " + dest + ": " + e.getMessage());
      }
    }

    private void onStat(Stat stat) throws IOException {
      if (stat == null || stat.getPath().isEmpty()) {
        listEnded = true;
        Files.createDirectories(dest);
        maybeFin();
        return;
      }
      int id = nextId++;
      Path target = resolve(stat.getPath());
      Files.createDirectories(target.getParent());
      int mode = stat.getMode();
      if (GoFileMode.isDirectory(mode)) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(target);
          Files.createDirectory(target);
        }
        directories.add(stat);
      } else if (GoFileMode.isSymlink(mode)) {
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Path.of(stat.getLinkname()));
      } else if (GoFileMode.isRegular(mode) && !stat.getLinkname().isEmpty()) {
        Files.deleteIfExists(target);
        Files.createLink(target, resolve(stat.getLinkname()));
      } else if (GoFileMode.isRegular(mode)) {
        requested.put(id, stat);
        Files.deleteIfExists(target);
        open.put(
            id, FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build());
      }
      // Devices and pipes are skipped: an unprivileged user could not make them anyway.
    }

    private void onData(int id, com.google.protobuf.ByteString data) throws IOException {
      FileChannel ch = open.get(id);
      if (ch == null) {
        throw new IOException("the engine sent data for an unknown file id " + id);
      }
      if (!data.isEmpty()) {
        for (java.nio.ByteBuffer b : data.asReadOnlyByteBufferList()) {
          while (b.hasRemaining()) {
            ch.write(b);
          }
        }
        return;
      }
      ch.close();
      open.remove(id);
      applyMetadata(requested.remove(id));
      maybeFin();
    }

    private void maybeFin() throws IOException {
      if (listEnded && open.isEmpty() && !finSent) {
        // Directory times last: writing into a folder changes its time.
        for (int i = directories.size() - 1; i >= 0; i--) {
          applyMetadata(directories.get(i));
        }
        finSent = true;
        responses.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
      }
    }

    private void finish() {
      done = true;
      responses.onCompleted();
    }

    private void applyMetadata(Stat stat) throws IOException {
      Path target = resolve(stat.getPath());
      try {
        Files.setPosixFilePermissions(target, permissions(stat.getMode()));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: keep the defaults
      }
      Files.setLastModifiedTime(target, FileTime.from(stat.getModTime(), TimeUnit.NANOSECONDS));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
      Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
      };
      for (int i = 0; i < order.length; i++) {
        if ((mode & (1 << i)) != 0) {
          s.add(order[i]);
        }
      }
      return s;
    }

    /** The path inside {@code dest}; anything that would leave it is refused. */
    private Path resolve(String rel) throws IOException {
      Path p = dest.resolve(rel).normalize();
      if (!p.startsWith(dest) || p.equals(dest)) {
        throw new IOException("the engine sent a path outside the output folder: " + rel);
      }
      return p;
    }

    private void fail(Status status, String message) {
      if (done) {
        return;
      }
      done = true;
      closeAll();
      responses.onError(status.withDescription(message).asRuntimeException());
    }

    private void closeAll() {
      for (FileChannel ch : open.values()) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
      open.clear();
    }

    @Override
    public synchronized void onError(Throwable t) {
      done = true;
      closeAll();
    }

    @Override
    public synchronized void onCompleted() {
      closeAll();
      if (!done) {
        done = true;
        responses.onCompleted();
      }
    }
  }
}
