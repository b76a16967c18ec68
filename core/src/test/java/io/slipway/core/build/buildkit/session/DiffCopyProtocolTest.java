package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.slipway.core.build.buildkit.session.proto.FileSendGrpc;
import io.slipway.core.build.buildkit.session.proto.FileSyncGrpc;
import io.slipway.core.build.buildkit.session.proto.Packet;
import io.slipway.core.build.buildkit.session.proto.Packet.PacketType;
import io.slipway.core.build.buildkit.session.proto.Stat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsutil's packet protocol as the engine speaks it, with this test as the engine: the FileSync
 * server's side (Stats, requests, data, FIN) and the local output receiver's side.
 */
class DiffCopyProtocolTest {

  @TempDir Path root;
  @TempDir Path out;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    executor.shutdownNow();
  }

  private void serve(io.grpc.ServerServiceDefinition service) throws Exception {
    String name = "diffcopy-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .executor(executor)
            .addService(ServerInterceptors.intercept(service, new CallHeaders()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  /** The engine's end of one call: what it received, and a way to send. */
  private static final class EngineEnd implements StreamObserver<Packet> {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    StreamObserver<Packet> send;

    @Override
    public void onNext(Packet p) {
      received.add(p);
    }

    @Override
    public void onError(Throwable t) {
      received.add(t);
    }

    @Override
    public void onCompleted() {
      received.add("completed");
    }

    Packet next() throws InterruptedException {
      Object o = received.poll(10, TimeUnit.SECONDS);
      assertThat(o).as("a packet").isInstanceOf(Packet.class);
      return (Packet) o;
    }
  }

  private EngineEnd diffCopy(String dir, String... followPaths) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER), dir);
    for (String f : followPaths) {
      md.put(Metadata.Key.of("followpaths", Metadata.ASCII_STRING_MARSHALLER), f);
    }
    EngineEnd engine = new EngineEnd();
    engine.send =
        FileSyncGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
            .diffCopy(engine);
    return engine;
  }

  @Test
  void statsThenOnlyTheRequestedFilesThenFin() throws Exception {
    Files.writeString(root.resolve("Dockerfile"), "FROM scratch\n");
    Files.createDirectories(root.resolve("src"));
    byte[] big = new byte[FileSyncService.CHUNK_BYTES * 2 + 5];
    new java.util.Random(1).nextBytes(big);
    Files.write(root.resolve("src/big.bin"), big);
    Files.writeString(root.resolve("src/small.txt"), "small");
    serve(
        new FileSyncService(List.of(new SyncedDir.Folder("context", root)), executor)
            .bindService());

    EngineEnd engine = diffCopy("context");
    List<Stat> stats = new ArrayList<>();
    for (Packet p = engine.next(); p.hasStat(); p = engine.next()) {
      assertThat(p.getType()).isEqualTo(PacketType.PACKET_STAT);
      stats.add(p.getStat());
    }
    assertThat(stats)
        .extracting(Stat::getPath)
        .containsExactly("Dockerfile", "src", "src/big.bin", "src/small.txt");

    // As after an incremental compare: only big.bin (id = its position) is asked for.
    engine.send.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(2).build());
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    int chunks = 0;
    for (Packet p = engine.next(); !p.getData().isEmpty(); p = engine.next()) {
      assertThat(p.getType()).isEqualTo(PacketType.PACKET_DATA);
      assertThat(p.getID()).isEqualTo(2);
      p.getData().writeTo(content);
      chunks++;
    }
    assertThat(content.toByteArray()).isEqualTo(big);
    assertThat(chunks).isEqualTo(3);

    engine.send.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    assertThat(engine.next().getType()).isEqualTo(PacketType.PACKET_FIN);
    assertThat(engine.received.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
    engine.send.onCompleted();
  }

  @Test
  void followPathsNarrowTheListAndAnUnknownFolderIsRefused() throws Exception {
    Files.writeString(root.resolve("Dockerfile"), "FROM scratch\n");
    Files.writeString(root.resolve("other"), "x");
    serve(
        new FileSyncService(List.of(new SyncedDir.Folder("dockerfile", root)), executor)
            .bindService());

    EngineEnd engine = diffCopy("dockerfile", "Dockerfile", "Dockerfile.dockerignore");
    assertThat(engine.next().getStat().getPath()).isEqualTo("Dockerfile");
    assertThat(engine.next().hasStat()).isFalse();
    engine.send.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    assertThat(engine.next().getType()).isEqualTo(PacketType.PACKET_FIN);

    EngineEnd unknown = diffCopy("elsewhere");
    assertThat(unknown.received.poll(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            Throwable.class, t -> assertThat(t.getMessage()).contains("elsewhere"));
  }

  @Test
  void theLocalOutputReceiverAsksForFilesWritesThemAndSaysFin() throws Exception {
    serve(OutputService.local(out.resolve("dest")));
    EngineEnd engine = new EngineEnd();
    engine.send =
        io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
            channel.newCall(
                io.grpc.MethodDescriptor.<Packet, Packet>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(FileSendGrpc.SERVICE_NAME + "/DiffCopy")
                    .setRequestMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(Packet.getDefaultInstance()))
                    .setResponseMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(Packet.getDefaultInstance()))
                    .build(),
                io.grpc.CallOptions.DEFAULT),
            engine);
    long mtime = 1_700_000_000_123_456_789L;
    engine.send.onNext(stat("sub", GoFileMode.DIR | 0755, mtime, ""));
    engine.send.onNext(stat("sub/run.sh", 0750, mtime, ""));
    engine.send.onNext(stat("link", GoFileMode.SYMLINK | 0777, mtime, "sub/run.sh"));
    engine.send.onNext(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());

    Packet req = engine.next();
    assertThat(req.getType()).isEqualTo(PacketType.PACKET_REQ);
    assertThat(req.getID()).isEqualTo(1);
    engine.send.onNext(data(1, "#!/bin/sh\n"));
    engine.send.onNext(data(1, "echo hi\n"));
    engine.send.onNext(data(1, ""));
    assertThat(engine.next().getType()).isEqualTo(PacketType.PACKET_FIN);
    engine.send.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    assertThat(engine.received.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");

    Path dest = out.resolve("dest");
    assertThat(Files.readString(dest.resolve("sub/run.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dest.resolve("sub/run.sh"))))
        .isEqualTo("rwxr-x---");
    assertThat(Files.getLastModifiedTime(dest.resolve("sub/run.sh")).toInstant())
        .isEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
    assertThat(Files.readSymbolicLink(dest.resolve("link"))).isEqualTo(Path.of("sub/run.sh"));
  }

  @Test
  void theLocalOutputReceiverRefusesPathsLeavingTheFolder() throws Exception {
    serve(OutputService.local(out.resolve("dest")));
    EngineEnd engine = new EngineEnd();
    engine.send =
        io.grpc.stub.ClientCalls.asyncBidiStreamingCall(
            channel.newCall(
                io.grpc.MethodDescriptor.<Packet, Packet>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(FileSendGrpc.SERVICE_NAME + "/DiffCopy")
                    .setRequestMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(Packet.getDefaultInstance()))
                    .setResponseMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(Packet.getDefaultInstance()))
                    .build(),
                io.grpc.CallOptions.DEFAULT),
            engine);
    engine.send.onNext(stat("../escape", 0644, 0, ""));
    assertThat(engine.received.poll(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            Throwable.class, t -> assertThat(t.getMessage()).contains("outside the output folder"));
    assertThat(out.resolve("escape")).doesNotExist();
  }

  private static Packet stat(String path, int mode, long mtime, String link) {
    return Packet.newBuilder()
        .setType(PacketType.PACKET_STAT)
        .setStat(Stat.newBuilder().setPath(path).setMode(mode).setModTime(mtime).setLinkname(link))
        .build();
  }

  private static Packet data(int id, String text) {
    return Packet.newBuilder()
        .setType(PacketType.PACKET_DATA)
        .setID(id)
        .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))
        .build();
  }
}
