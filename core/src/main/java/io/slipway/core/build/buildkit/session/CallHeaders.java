package io.slipway.core.build.buildkit.session;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.Locale;

/**
 * The gRPC metadata of the call being served, for services whose options come as headers
 * (FileSync's {@code dir-name}, SSH's {@code buildkit.ssh.id}).
 */
final class CallHeaders implements ServerInterceptor {

  static final Context.Key<Metadata> KEY = Context.key("slipway-session-call-headers");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return Contexts.interceptCall(Context.current().withValue(KEY, headers), call, headers, next);
  }

  /** Every value of a header of the current call; null when the header is absent. */
  static List<String> all(String name) {
    Metadata headers = KEY.get();
    if (headers == null) {
      return null;
    }
    Iterable<String> values =
        headers.getAll(
            Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER));
    if (values == null) {
      return null;
    }
    List<String> out = new java.util.ArrayList<>();
    values.forEach(out::add);
    return out;
  }

  /** The first value of a header of the current call, or {@code fallback}. */
  static String first(String name, String fallback) {
    List<String> values = all(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
