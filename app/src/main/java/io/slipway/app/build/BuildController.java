package io.slipway.app.build;

import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.timeline.TimelineCanvas;
import io.slipway.core.build.BuildStatus;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The build view's controller: binds the timeline, the log and the summary to {@link
 * BuildViewModel} and forwards the user's actions. Purely visual decisions only (follow the log,
 * the clipboard, the file dialog).
 */
public final class BuildController {

  /** Ctrl/Cmd+F opens the log search. */
  public static final KeyCombination FIND =
      new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

  private static final KeyCombination COPY =
      new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
  private static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");
  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");

  private final BuildViewModel model;
  private final Timeline ticker;
  private Consumer<Path> folderOpener = BuildController::openWithDesktop;
  private Consumer<String> clipboard =
      text -> {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
      };

  @FXML private BorderPane root;
  @FXML private Label headlineLabel;
  @FXML private Label progressLabel;
  @FXML private Label clockLabel;
  @FXML private CheckBox internalToggle;
  @FXML private Button fitButton;
  @FXML private SplitPane split;
  @FXML private TimelineCanvas timeline;
  @FXML private VBox failureBox;
  @FXML private Label failureLabel;
  @FXML private Label dockerfileLineLabel;
  @FXML private Label logTitleLabel;
  @FXML private Hyperlink wholeLogLink;
  @FXML private ToggleButton followToggle;
  @FXML private Button searchButton;
  @FXML private Button copyButton;
  @FXML private Button saveButton;
  @FXML private HBox searchBar;
  @FXML private TextField searchField;
  @FXML private Label searchStatusLabel;
  @FXML private LogCanvas logView;
  @FXML private Label messageLabel;
  @FXML private VBox summaryCard;
  @FXML private FontIcon summaryIcon;
  @FXML private Label summaryTitleLabel;
  @FXML private Button copyRunButton;
  @FXML private Button openFolderButton;
  @FXML private Label totalLabel;
  @FXML private Label stepsLabel;
  @FXML private Label cacheLabel;
  @FXML private VBox imageBox;
  @FXML private Label imageIdLabel;
  @FXML private VBox sizeBox;
  @FXML private Label sizeLabel;
  @FXML private VBox tagsBox;
  @FXML private HBox tagsPane;

  BuildController(BuildViewModel model) {
    this.model = Objects.requireNonNull(model);
    this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> model.tick()));
    ticker.setCycleCount(Animation.INDEFINITE);
  }

  public BuildViewModel model() {
    return model;
  }

  public TimelineCanvas timeline() {
    return timeline;
  }

  /**
   * How "Open folder" opens a folder (the shell may pass HostServices); called on the FX thread.
   */
  public void setFolderOpener(Consumer<Path> opener) {
    this.folderOpener = Objects.requireNonNull(opener);
  }

  /** Where copied text goes; the system clipboard unless replaced (tests). */
  public void setClipboard(Consumer<String> clipboard) {
    this.clipboard = Objects.requireNonNull(clipboard);
  }

  /** The timeline | log divider (the window remembers where it is). */
  public SplitPane split() {
    return split;
  }

  /** The log view, for tests and the benchmark. */
  public LogCanvas logView() {
    return logView;
  }

  @FXML
  private void initialize() {
    bindHeader();
    bindTimeline();
    bindLog();
    bindSearch();
    bindSummary();
    root.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (FIND.match(e)) {
            openSearch();
            e.consume();
          } else if (e.getCode() == KeyCode.F3) {
            if (e.isShiftDown()) {
              model.searchPrevious();
            } else {
              model.searchNext();
            }
            e.consume();
          }
        });
  }

  private void bindHeader() {
    headlineLabel.textProperty().bind(model.headlineProperty());
    progressLabel.textProperty().bind(model.progressTextProperty());
    clockLabel.textProperty().bind(model.clockTextProperty());
    model
        .phaseProperty()
        .addListener(
            (o, was, now) -> {
              if (now == BuildViewModel.Phase.RUNNING) {
                ticker.play();
              } else {
                ticker.stop();
              }
            });
    internalToggle.setTooltip(new Tooltip("Show BuildKit's own [internal] steps"));
    fitButton.setTooltip(new Tooltip("Fit the whole build (double-click the timeline, or 0)"));
  }

  private void bindTimeline() {
    timeline.snapshotProperty().bind(model.snapshotProperty());
    timeline.showInternalProperty().bind(internalToggle.selectedProperty());
    // Selection both ways.
    timeline.selectedRowIdProperty().set(model.selectedRowIdProperty().get());
    timeline
        .selectedRowIdProperty()
        .addListener(
            (o, was, now) -> {
              if (!Objects.equals(model.selectedRowIdProperty().get(), now)) {
                model.selectedRowIdProperty().set(now);
              }
            });
    model
        .selectedRowIdProperty()
        .addListener(
            (o, was, now) -> {
              if (!Objects.equals(timeline.selectedRowIdProperty().get(), now)) {
                timeline.selectedRowIdProperty().set(now);
              }
            });
    visible(failureBox, model.failureTextProperty().isNotEmpty());
    failureLabel.textProperty().bind(model.failureTextProperty());
    dockerfileLineLabel.textProperty().bind(model.dockerfileLineProperty());
    visible(dockerfileLineLabel, model.dockerfileLineProperty().isNotEmpty());
  }

  public void setClock(Clock clock) {
    timeline.clockProperty().set(clock);
  }

  private void bindLog() {
    logView.linesProperty().bind(model.shownLinesProperty());
    // Another log shown: a live build's follows, a finished build's opens at the top.
    model
        .shownLinesProperty()
        .addListener(
            (o, was, now) -> {
              if (model.phaseProperty().get() == BuildViewModel.Phase.RUNNING) {
                logView.followProperty().set(true);
              } else {
                logView.scrollToTop();
              }
            });
    followToggle.selectedProperty().bindBidirectional(logView.followProperty());
    logView.setMatches(model::isMatch, () -> model.currentMatchProperty().get());
    logView.setOnCopy(range -> model.text(range[0], range[1], clipboard));
    // The whole build's log tags each line with its step; a step's own log needs no tags.
    Runnable tags =
        () ->
            logView.setStepTags(model.selectedRowIdProperty().get() != null ? null : this::stepTag);
    model.selectedRowIdProperty().addListener((o, was, now) -> tags.run());
    tags.run();
    logTitleLabel.textProperty().bind(model.logTitleProperty());
    visible(wholeLogLink, model.selectedRowIdProperty().isNotNull());
    followToggle.setTooltip(new Tooltip("Keep the newest line in view"));
    copyButton.setTooltip(new Tooltip("Copy the selected lines, or the whole log"));
    saveButton.setTooltip(new Tooltip("Save this log to a file"));
    searchButton.setTooltip(new Tooltip("Find in the log (" + FIND.getDisplayText() + ")"));
    messageLabel.textProperty().bind(model.messageProperty());
    visible(messageLabel, model.messageProperty().isNotEmpty());
    copyButton.disableProperty().bind(model.busyProperty());
    saveButton.disableProperty().bind(model.busyProperty());
  }

  private void bindSearch() {
    searchBar.managedProperty().bind(searchBar.visibleProperty());
    searchBar.setVisible(false);
    searchField.textProperty().bindBidirectional(model.searchQueryProperty());
    searchStatusLabel.textProperty().bind(model.searchStatusProperty());
    searchField.addEventHandler(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            if (e.isShiftDown()) {
              model.searchPrevious();
            } else {
              model.searchNext();
            }
            e.consume();
          } else if (e.getCode() == KeyCode.ESCAPE) {
            closeSearch();
            e.consume();
          }
        });
    model
        .currentMatchProperty()
        .addListener(
            (o, was, now) -> {
              int line = now.intValue();
              if (line >= 0) {
                logView.select(line);
              }
              logView.invalidate();
            });
    model.searchGenerationProperty().addListener((o, was, now) -> logView.invalidate());
  }

  private void bindSummary() {
    visible(summaryCard, model.summaryTitleProperty().isNotEmpty());
    summaryTitleLabel.textProperty().bind(model.summaryTitleProperty());
    totalLabel.textProperty().bind(model.totalTimeProperty());
    stepsLabel.textProperty().bind(model.stepsTextProperty());
    cacheLabel.textProperty().bind(model.cacheTextProperty());
    imageIdLabel.textProperty().bind(model.imageIdShortProperty());
    visible(imageBox, model.imageIdProperty().isNotEmpty());
    Tooltip idTip = new Tooltip();
    idTip.textProperty().bind(model.imageIdProperty());
    imageIdLabel.setTooltip(idTip);
    sizeLabel.textProperty().bind(model.imageSizeProperty());
    visible(sizeBox, model.imageSizeProperty().isNotEmpty());
    visible(tagsBox, Bindings.isNotEmpty(model.tags()));
    model.tags().addListener((ListChangeListener<String>) c -> showTags());
    visible(copyRunButton, model.dockerRunCommandProperty().isNotEmpty());
    Tooltip runTip = new Tooltip();
    runTip.textProperty().bind(model.dockerRunCommandProperty());
    copyRunButton.setTooltip(runTip);
    visible(openFolderButton, model.contextDirProperty().isNotNull());
    model
        .outcomeProperty()
        .addListener(
            (o, was, now) -> {
              summaryCard.pseudoClassStateChanged(SUCCEEDED, now == BuildStatus.SUCCEEDED);
              summaryCard.pseudoClassStateChanged(FAILED, now == BuildStatus.FAILED);
              summaryCard.pseudoClassStateChanged(CANCELLED, now == BuildStatus.CANCELLED);
              summaryIcon.setIconCode(
                  now == BuildStatus.FAILED
                      ? Feather.X_CIRCLE
                      : now == BuildStatus.CANCELLED ? Feather.SLASH : Feather.CHECK_CIRCLE);
            });
  }

  private String stepTag(String rowId) {
    var s = model.snapshotProperty().get();
    return s == null ? "" : s.row(rowId).map(r -> r.index() >= 0 ? "#" + r.index() : "").orElse("");
  }

  private void showTags() {
    tagsPane.getChildren().clear();
    for (String tag : model.tags()) {
      Label chip = new Label(tag);
      chip.getStyleClass().add("bv-chip");
      tagsPane.getChildren().add(chip);
    }
  }

  // =================================================================================== actions

  @FXML
  private void fit() {
    timeline.fit();
  }

  @FXML
  private void showWholeLog() {
    model.showWholeLog();
  }

  @FXML
  void openSearch() {
    searchBar.setVisible(true);
    searchField.requestFocus();
    searchField.selectAll();
  }

  @FXML
  private void closeSearch() {
    searchBar.setVisible(false);
    model.searchQueryProperty().set("");
    logView.requestFocus();
  }

  @FXML
  private void searchNext() {
    model.searchNext();
  }

  @FXML
  private void searchPrevious() {
    model.searchPrevious();
  }

  @FXML
  void copyLog() {
    int[] range = logView.selection();
    if (range != null) {
      model.text(range[0], range[1], clipboard);
    } else {
      model.wholeLogText(clipboard);
    }
  }

  @FXML
  private void saveLog() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the log");
    chooser.setInitialFileName(model.suggestedLogFileName());
    File file =
        chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
    if (file != null) {
      model.saveLog(file.toPath());
    }
  }

  @FXML
  private void copyImageId() {
    clipboard.accept(model.imageIdProperty().get());
  }

  @FXML
  private void copyDockerRun() {
    clipboard.accept(model.dockerRunCommandProperty().get());
  }

  @FXML
  private void openFolder() {
    Path dir = model.contextDirProperty().get();
    if (dir != null) {
      folderOpener.accept(dir);
    }
  }

  /** Opens a folder with the desktop's file manager, off the FX thread. */
  static void openWithDesktop(Path dir) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command =
        os.startsWith("windows")
            ? List.of("explorer", dir.toString())
            : os.startsWith("mac")
                ? List.of("open", dir.toString())
                : List.of("xdg-open", dir.toString());
    Thread t =
        new DaemonThreads("open-folder")
            .newThread(
                () -> {
                  try {
                    new ProcessBuilder(command).inheritIO().start();
                  } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(BuildController.class)
                        .info("Could not open {}: {}", dir, e.getMessage());
                  }
                });
    t.start();
  }

  private static void visible(Node node, ObservableValue<Boolean> when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }
}
