package io.slipway.app.main;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuilderService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A builder the test scripts: it records what it was asked and emits what the test says. */
final class FakeBuilder implements BuilderService {
  final List<BuildRequest> requests = new ArrayList<>();
  BuildListener listener;
  FakeHandle handle;
  String refuseWith;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public BuildHandle start(BuildRequest request, BuildListener listener) {
    requests.add(request);
    if (refuseWith != null) {
      throw new SlipwayException(refuseWith);
    }
    this.listener = listener;
    this.handle = new FakeHandle();
    return handle;
  }

  void emit(BuildEvent... events) {
    for (BuildEvent e : events) {
      listener.onEvent(e);
    }
  }

  static final class FakeHandle implements BuildHandle {
    final CompletableFuture<BuildResult> result = new CompletableFuture<>();
    int cancels;

    @Override
    public String id() {
      return "fake-1";
    }

    @Override
    public CompletableFuture<BuildResult> result() {
      return result;
    }

    @Override
    public void cancel() {
      cancels++;
    }
  }
}
