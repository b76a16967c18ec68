package io.slipway.core.build.buildkit.session;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.slipway.core.build.buildkit.session.proto.CheckAgentRequest;
import io.slipway.core.build.buildkit.session.proto.CheckAgentResponse;
import io.slipway.core.build.buildkit.session.proto.SSHGrpc;
import io.slipway.core.build.buildkit.session.proto.SshBytes;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code moby.sshforward.v1.SSH}: {@code RUN --mount=type=ssh} reaches an ssh agent through the
 * session. Each {@code ForwardAgent} call is one connection to the agent socket of the id the
 * engine names ({@code buildkit.ssh.id}, default {@code default}), its bytes relayed both ways.
 */
final class SshService extends SSHGrpc.SSHImplBase {

  private static final Logger log = LoggerFactory.getLogger(SshService.class);
  private static final String ID_HEADER = "buildkit.ssh.id";

  private final Map<String, Path> sockets;
  private final ExecutorService executor;

  SshService(Map<String, Path> sockets, ExecutorService executor) {
    this.sockets = Map.copyOf(sockets);
    this.executor = executor;
  }

  @Override
  public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> responses) {
    String id = request.getID().isEmpty() ? "default" : request.getID();
    if (!sockets.containsKey(id)) {
      responses.onError(unset(id).asRuntimeException());
      return;
    }
    responses.onNext(CheckAgentResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private static Status unset(String id) {
    return Status.NOT_FOUND.withDescription(
        "unset ssh forward key " + id + ": pass it with --ssh " + id + "[=SOCKET|KEY]");
  }

  @Override
  public StreamObserver<SshBytes> forwardAgent(StreamObserver<SshBytes> responses) {
    String id = CallHeaders.first(ID_HEADER, "default");
    Path socket = sockets.get(id);
    ServerCallStreamObserver<SshBytes> call = (ServerCallStreamObserver<SshBytes>) responses;
    SocketChannel agent;
    try {
      if (socket == null) {
        throw new IOException(unset(id).getDescription());
      }
      agent = SocketChannel.open(StandardProtocolFamily.UNIX);
      agent.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      responses.onError(
          Status.UNAVAILABLE
              .withDescription("cannot reach the ssh agent at " + socket + ": " + e.getMessage())
              .asRuntimeException());
      return new StreamObserver<>() {
        @Override
        public void onNext(SshBytes value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    PacketStream<SshBytes> out = new PacketStream<>(call, () -> closeQuietly(agent));
    executor.execute(() -> agentToEngine(agent, out));
    return new StreamObserver<>() {
      @Override
      public void onNext(SshBytes value) {
        try {
          ByteBuffer buf = value.getData().asReadOnlyByteBuffer();
          while (buf.hasRemaining()) {
            agent.write(buf);
          }
        } catch (IOException e) {
          log.debug("Writing to the ssh agent failed", e);
          closeQuietly(agent);
        }
      }

      @Override
      public void onError(Throwable t) {
        closeQuietly(agent);
      }

      @Override
      public void onCompleted() {
        try {
          agent.shutdownOutput();
        } catch (IOException e) {
          closeQuietly(agent);
        }
      }
    };
  }

  private static void agentToEngine(SocketChannel agent, PacketStream<SshBytes> out) {
    ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
    try {
      while (true) {
        buf.clear();
        int n = agent.read(buf);
        if (n < 0) {
          break;
        }
        buf.flip();
        out.send(SshBytes.newBuilder().setData(ByteString.copyFrom(buf)).build());
      }
      out.complete();
    } catch (IOException e) {
      out.complete(); // the agent or the engine closed the connection
    } catch (PacketStream.CallCancelledException e) {
      // the engine went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(agent);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
