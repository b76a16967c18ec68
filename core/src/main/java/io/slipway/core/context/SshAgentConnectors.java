package io.slipway.core.context;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.transport.sshd.agent.AbstractConnector;
import org.eclipse.jgit.transport.sshd.agent.Connector;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * Lets JGit's ssh client ask the user's ssh agent for keys ({@code SSH_AUTH_SOCK}, or an {@code
 * IdentityAgent} socket from {@code ~/.ssh/config}), over the JDK's own UNIX-domain sockets: JGit's
 * agent module needs JNA, which Slipway does not ship.
 */
final class SshAgentConnectors implements ConnectorFactory {

  private static final ConnectorDescriptor AUTH_SOCK =
      new ConnectorDescriptor() {
        @Override
        public String getIdentityAgent() {
          return "SSH_AUTH_SOCK";
        }

        @Override
        public String getDisplayName() {
          return "ssh-agent (SSH_AUTH_SOCK)";
        }
      };

  private final Optional<String> authSock;

  /**
   * @param authSock the environment's {@code SSH_AUTH_SOCK}
   */
  SshAgentConnectors(Optional<String> authSock) {
    this.authSock = authSock.filter(s -> !s.isBlank());
  }

  @Override
  public Connector create(String identityAgent, File homeDir) {
    String socket =
        identityAgent == null || identityAgent.isBlank() || identityAgent.equals("SSH_AUTH_SOCK")
            ? authSock.orElse(null)
            : identityAgent;
    return new UnixSocketConnector("none".equalsIgnoreCase(socket) ? null : socket);
  }

  @Override
  public boolean isSupported() {
    return true;
  }

  @Override
  public String getName() {
    return "slipway-unix-socket";
  }

  @Override
  public Collection<ConnectorDescriptor> getSupportedConnectors() {
    return List.of(AUTH_SOCK);
  }

  @Override
  public ConnectorDescriptor getDefaultConnector() {
    return AUTH_SOCK;
  }

  /** One connection to the agent; each request is a length-prefixed message and its reply. */
  private static final class UnixSocketConnector extends AbstractConnector {
    private final String socket;
    private SocketChannel channel;

    UnixSocketConnector(String socket) {
      this.socket = socket;
    }

    @Override
    public synchronized boolean connect() {
      if (socket == null) {
        return false;
      }
      if (channel != null && channel.isOpen()) {
        return true;
      }
      try {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        channel = c;
        return true;
      } catch (IOException | RuntimeException noAgent) {
        // No agent there: keys come from ~/.ssh instead.
        return false;
      }
    }

    @Override
    public synchronized byte[] rpc(byte command, byte[] message) throws IOException {
      if (channel == null) {
        throw new IOException("not connected to the ssh agent");
      }
      prepareMessage(command, message);
      ByteBuffer out = ByteBuffer.wrap(message);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      byte[] lengthBytes = readFully(4);
      return readFully(toLength(command, lengthBytes));
    }

    private byte[] readFully(int length) throws IOException {
      ByteBuffer in = ByteBuffer.allocate(length);
      while (in.hasRemaining()) {
        if (channel.read(in) < 0) {
          throw new EOFException("the ssh agent closed the connection");
        }
      }
      return in.array();
    }

    @Override
    public synchronized void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
