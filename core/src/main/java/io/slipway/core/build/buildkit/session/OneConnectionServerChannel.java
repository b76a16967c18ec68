package io.slipway.core.build.buildkit.session;

import io.netty.channel.AbstractServerChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A Netty server channel that never listens: it "accepts" exactly one connection that Slipway
 * opened itself (the engine's session connection, after the HTTP upgrade). gRPC's Netty server is
 * given this channel's factory, so it serves on that connection as if a client had connected to it:
 * the engine is the gRPC client, Slipway the server, and no byte is copied on the way.
 */
final class OneConnectionServerChannel extends AbstractServerChannel {

  private static final ChannelMetadata METADATA = new ChannelMetadata(false, 1);

  private final SocketChannel connection;
  private final boolean unix;
  private final LocalAddress address;
  private final ChannelConfig config = new DefaultChannelConfig(this);
  private volatile boolean open = true;
  private volatile boolean bound;
  private boolean handedOver;

  /**
   * @param unix whether {@code connection} is a UNIX socket (else TCP)
   */
  OneConnectionServerChannel(SocketChannel connection, boolean unix, String name) {
    this.connection = connection;
    this.unix = unix;
    this.address = new LocalAddress(name);
  }

  @Override
  protected boolean isCompatible(EventLoop loop) {
    return true; // registers no I/O of its own
  }

  @Override
  protected SocketAddress localAddress0() {
    return address;
  }

  @Override
  protected void doBind(SocketAddress localAddress) {
    bound = true;
  }

  @Override
  protected void doClose() {
    open = false;
  }

  @Override
  protected void doBeginRead() {
    if (handedOver || !open) {
      return;
    }
    handedOver = true;
    // Netty's NIO channels take the JDK channel as it is: a UNIX socket needs the domain socket
    // channel (the TCP one refuses it).
    Channel child =
        unix
            ? new NioDomainSocketChannel(this, connection)
            : new NioSocketChannel(this, connection);
    pipeline().fireChannelRead(child);
    pipeline().fireChannelReadComplete();
  }

  @Override
  public ChannelConfig config() {
    return config;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open && bound;
  }

  @Override
  public ChannelMetadata metadata() {
    return METADATA;
  }
}
