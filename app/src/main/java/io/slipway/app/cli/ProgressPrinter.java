package io.slipway.app.cli;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEventJson;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
   * progress: {@code #3 [3/5] RUN make}, {@code #3 CACHED}, {@code #3 DONE 1.2s}, {@code #3 ERROR:
   * …}. {@code #N} is the step's index (the context upload is {@code #0}); BuildKit's names carry
   * their own position ({@code #5 [stage-2 2/5] COPY …}).
   */
  static ProgressPrinter plain(PrintWriter out, PrintWriter err) {
    return new Plain(out, err);
  }

  private static final class Plain extends ProgressPrinter {
    private final PrintWriter out;
    private final PrintWriter err;

    /** Step id → the number shown, from its StepStarted. */
    private final Map<String, Integer> numbers = new HashMap<>();

    /** Step id + progress label, printed once (and again when it completes). */
    private final Set<String> progressShown = new HashSet<>();

    private boolean anyStep;

    Plain(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    private String number(String stepId) {
      Integer n = numbers.get(stepId);
      return "#" + (n == null ? stepId : n.toString());
    }

    @Override
    public void onEvent(BuildEvent event) {
      if (event instanceof BuildEvent.StepStarted s) {
        numbers.put(s.stepId(), s.index());
        if (anyStep) {
          out.println(); // a blank line between steps, as buildx prints them
        }
        anyStep = true;
        String position = s.total() > 0 ? "[" + s.index() + "/" + s.total() + "] " : "";
        out.println(number(s.stepId()) + " " + position + s.name());
      } else if (event instanceof BuildEvent.LogLine l) {
        if (l.stream() != BuildEvent.LogLine.Stream.BUILDER) {
          out.println(l.stepId().map(id -> number(id) + " ").orElse("") + l.text());
        }
      } else if (event instanceof BuildEvent.StepProgress p) {
        boolean complete = p.total() > 0 && p.current() >= p.total();
        boolean known = numbers.containsKey(p.stepId());
        if (known && (progressShown.add(p.stepId() + "\n" + p.label()) || complete)) {
          String size =
              p.total() > 0
                  ? " " + Human.bytes(p.current()) + " / " + Human.bytes(p.total())
                  : p.current() > 0 ? " " + Human.bytes(p.current()) : "";
          out.println(number(p.stepId()) + " " + p.label() + size + (complete ? " done" : ""));
        }
      } else if (event instanceof BuildEvent.StepFinished f) {
        if (f.cancelled()) {
          out.println(number(f.stepId()) + " CANCELED");
        } else if (f.error().isPresent()) {
          out.println(number(f.stepId()) + " ERROR: " + f.error().get());
        } else if (f.cached()) {
          out.println(number(f.stepId()) + " CACHED");
        } else {
          out.println(number(f.stepId()) + " DONE " + Human.duration(f.duration()));
        }
      } else if (event instanceof BuildEvent.Warning w) {
        out.println(
            w.stepId()
                    .filter(numbers::containsKey)
                    .map(id -> number(id) + " WARN: ")
                    .orElse("WARNING: ")
                + w.message());
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
                  "slipway: build failed after " + took + ": " + f.error().orElse("unknown error"));
        }
      }
      out.flush();
      err.flush();
    }
  }
}
