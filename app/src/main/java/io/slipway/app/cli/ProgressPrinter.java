package io.slipway.app.cli;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEventJson;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import java.io.PrintWriter;

/** Renders build events on the terminal. Called from the builder's thread, in order. */
abstract class ProgressPrinter implements BuildListener {

  static ProgressPrinter json(PrintWriter out) {
    return new ProgressPrinter() {
      @Override
      public void onEvent(BuildEvent event) {
        out.println(BuildEventJson.toLine(event));
        out.flush();
      }
    };
  }

  /** Only the image id on success (as {@code docker build -q}); errors still go to stderr. */
  static ProgressPrinter quiet(PrintWriter out, PrintWriter err) {
    return new ProgressPrinter() {
      @Override
      public void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.BuildFinished f) {
          if (f.status() == BuildStatus.SUCCEEDED) {
            f.imageId().ifPresent(out::println);
          } else {
            f.error().ifPresent(e -> err.println("slipway: " + e));
          }
          out.flush();
          err.flush();
        }
      }
    };
  }

  /**
   * One line per step start and end, the output of RUN steps under its step, like buildx's plain
   * progress: {@code #3 [3/5] RUN make}, {@code #3 CACHED}, {@code #3 DONE 1.2s}.
   */
  static ProgressPrinter plain(PrintWriter out, PrintWriter err) {
    return new ProgressPrinter() {
      @Override
      public void onEvent(BuildEvent event) {
        if (event instanceof BuildEvent.StepStarted s) {
          String position = s.total() > 0 ? "[" + s.index() + "/" + s.total() + "] " : "";
          out.println("#" + s.stepId() + " " + position + s.name());
        } else if (event instanceof BuildEvent.LogLine l) {
          if (l.stream() != BuildEvent.LogLine.Stream.BUILDER) {
            out.println(l.stepId().map(id -> "#" + id + " ").orElse("") + l.text());
          }
        } else if (event instanceof BuildEvent.StepFinished f) {
          if (f.error().isPresent()) {
            out.println("#" + f.stepId() + " ERROR: " + f.error().get());
          } else if (f.cached()) {
            out.println("#" + f.stepId() + " CACHED");
          } else {
            out.println("#" + f.stepId() + " DONE " + Human.duration(f.duration()));
          }
        } else if (event instanceof BuildEvent.Warning w) {
          out.println("WARNING: " + w.message());
        } else if (event instanceof BuildEvent.ImageBuilt i) {
          out.println("Image " + i.imageId());
          i.tags().forEach(t -> out.println("Tagged " + t));
        } else if (event instanceof BuildEvent.BuildFinished f) {
          String took = Human.duration(f.duration());
          switch (f.status()) {
            case SUCCEEDED -> out.println("Build succeeded in " + took);
            case CANCELLED -> err.println("slipway: build cancelled after " + took);
            case FAILED ->
                err.println(
                    "slipway: build failed after "
                        + took
                        + ": "
                        + f.error().orElse("unknown error"));
          }
        }
        out.flush();
        err.flush();
      }
    };
  }
}
