package io.slipway.core.build.buildkit.session;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * The sending half of a streaming call, used from one thread that blocks while the engine is not
 * ready for more (HTTP/2 flow control): sends wait for {@code isReady()}, woken by the on-ready
 * handler, and fail once the call is cancelled, so nothing is sent after the engine went away.
 */
final class PacketStream<T> {

  /** The engine cancelled the call, or the session closed. */
  static final class CallCancelledException extends Exception {
    CallCancelledException() {
      super("the engine cancelled the transfer", null, false, false);
    }
  }

  /** How many bytes may wait in gRPC's queue before a send waits. */
  static final int READY_THRESHOLD_BYTES = 4 * 1024 * 1024;

  private final ServerCallStreamObserver<T> out;
  private final Object lock = new Object();
  private volatile boolean cancelled;

  /**
   * @param onCancel run when the engine cancels the call (to wake whoever waits for its packets)
   */
  PacketStream(ServerCallStreamObserver<T> out, Runnable onCancel) {
    this.out = out;
    // gRPC's default (32 KiB) is less than one chunk: each chunk would wait for the previous one
    // to leave entirely. A few chunks in flight keep the connection busy.
    out.setOnReadyThreshold(READY_THRESHOLD_BYTES);
    out.setOnReadyHandler(this::wake);
    out.setOnCancelHandler(
        () -> {
          cancelled = true;
          wake();
          onCancel.run();
        });
  }

  private void wake() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  void send(T message) throws CallCancelledException, InterruptedException {
    synchronized (lock) {
      while (!cancelled && !out.isReady()) {
        lock.wait(200);
      }
    }
    if (cancelled) {
      throw new CallCancelledException();
    }
    out.onNext(message);
  }

  void complete() {
    if (!cancelled) {
      out.onCompleted();
    }
  }

  void fail(io.grpc.Status status) {
    if (!cancelled) {
      out.onError(status.asRuntimeException());
    }
  }
}
