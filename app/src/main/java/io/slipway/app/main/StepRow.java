package io.slipway.app.main;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One step (classic) or vertex (BuildKit) of the build, as its row shows it. Changed only by {@link
 * MainViewModel}, on the UI thread.
 */
public final class StepRow {
  private final String id;
  private final int number;
  private final Instant startedAt;
  private final ReadOnlyStringWrapper instruction = new ReadOnlyStringWrapper();
  private final ReadOnlyObjectWrapper<StepState> state =
      new ReadOnlyObjectWrapper<>(StepState.RUNNING);
  private final ReadOnlyObjectWrapper<Duration> elapsed =
      new ReadOnlyObjectWrapper<>(Duration.ZERO);
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Optional<Integer>> exitCode =
      new ReadOnlyObjectWrapper<>(Optional.empty());
  private final ObservableList<LogEntry> log = FXCollections.observableArrayList();
  private final ObservableList<LogEntry> logView = FXCollections.unmodifiableObservableList(log);

  private final Optional<Integer> dockerfileLine;

  StepRow(
      String id,
      int number,
      String instruction,
      Instant startedAt,
      Optional<Integer> dockerfileLine) {
    this.id = id;
    this.dockerfileLine = dockerfileLine;
    this.number = number;
    this.startedAt = startedAt;
    this.instruction.set(instruction);
  }

  /** The builder's id: the step number (classic) or the vertex digest (BuildKit). */
  public String id() {
    return id;
  }

  /** 1-based position shown as "#n". */
  /** The Dockerfile line the step came from, when the builder knows it. */
  public Optional<Integer> dockerfileLine() {
    return dockerfileLine;
  }

  public int number() {
    return number;
  }

  /** "#3" for a numbered step; empty for the builder's own rows (the context upload). */
  public String label() {
    return number > 0 ? "#" + number : "";
  }

  public Instant startedAt() {
    return startedAt;
  }

  public ReadOnlyStringProperty instructionProperty() {
    return instruction.getReadOnlyProperty();
  }

  public String instruction() {
    return instruction.get();
  }

  public ReadOnlyObjectProperty<StepState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public StepState state() {
    return state.get();
  }

  /** Ticks while the step runs; the builder's figure once it finished. */
  public ReadOnlyObjectProperty<Duration> elapsedProperty() {
    return elapsed.getReadOnlyProperty();
  }

  public Duration elapsed() {
    return elapsed.get();
  }

  /** Progress inside the step ("Downloading 12 MB of 40 MB"), empty when none. */
  public ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  /** The builder's error for a failed step, empty otherwise. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public String error() {
    return error.get();
  }

  public ReadOnlyObjectProperty<Optional<Integer>> exitCodeProperty() {
    return exitCode.getReadOnlyProperty();
  }

  public Optional<Integer> exitCode() {
    return exitCode.get();
  }

  /** This step's own lines. */
  public ObservableList<LogEntry> log() {
    return logView;
  }

  public boolean running() {
    return state.get() == StepState.RUNNING;
  }

  void rename(String newInstruction) {
    instruction.set(newInstruction);
  }

  void tick(Instant now) {
    if (running()) {
      Duration d = Duration.between(startedAt, now);
      elapsed.set(d.isNegative() ? Duration.ZERO : d);
    }
  }

  void progress(String text) {
    if (running()) {
      detail.set(text);
    }
  }

  void finish(StepState newState, Duration duration, Optional<String> err, Optional<Integer> code) {
    state.set(newState);
    if (duration != null && !duration.isNegative()) {
      elapsed.set(duration);
    }
    detail.set("");
    error.set(err.orElse(""));
    exitCode.set(code);
  }

  void appendLog(Collection<LogEntry> lines) {
    log.addAll(lines);
  }

  @Override
  public String toString() {
    return label() + " " + instruction.get() + " [" + state.get() + "]";
  }
}
