package io.slipway.app.main;

import atlantafx.base.controls.Popover;
import atlantafx.base.layout.InputGroup;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's controller: binds the controls to {@link MainViewModel} and forwards the user's
 * actions to it. No state and no decisions of its own beyond what is purely visual (follow the log,
 * the clipboard, dialogs).
 */
public final class MainController {

  /** Ctrl+Enter (Cmd+Enter on macOS) builds. */
  public static final KeyCombination BUILD_KEYS =
      new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

  private static final PseudoClass READY = PseudoClass.getPseudoClass("ready");
  private static final PseudoClass UNAVAILABLE = PseudoClass.getPseudoClass("unavailable");
  private static final PseudoClass ACCEPT = PseudoClass.getPseudoClass("accept");
  private static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");
  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");

  private final MainViewModel model;
  private final Timeline ticker;
  private Popover engineDetails;
  private final Set<ListView<?>> scrollPending = new HashSet<>();

  @FXML private StackPane root;
  @FXML private Label folderNameLabel;
  @FXML private Label folderPathLabel;
  @FXML private InputGroup dockerfileGroup;
  @FXML private InputGroup tagGroup;
  @FXML private TextField dockerfileField;
  @FXML private TextField tagField;
  @FXML private InputGroup outputGroup;
  @FXML private TextField outputField;
  @FXML private Button chooseButton;
  @FXML private Button buildButton;
  @FXML private Button cancelButton;
  @FXML private HBox hintBar;
  @FXML private Label hintLabel;
  @FXML private HBox errorBanner;
  @FXML private Label errorLabel;
  @FXML private VBox emptyState;
  @FXML private SplitPane buildPane;
  @FXML private Label stepCountLabel;
  @FXML private Label progressLabel;
  @FXML private ListView<StepRow> stepList;
  @FXML private VBox summaryBar;
  @FXML private FontIcon summaryIcon;
  @FXML private Label summaryTitleLabel;
  @FXML private Label summaryDetailLabel;
  @FXML private Label summaryErrorLabel;
  @FXML private HBox imageBox;
  @FXML private Label imageIdLabel;
  @FXML private Button copyImageButton;
  @FXML private Label logTitleLabel;
  @FXML private Hyperlink wholeLogLink;
  @FXML private ToggleButton followToggle;
  @FXML private Button copyLogButton;
  @FXML private ListView<LogEntry> logList;
  @FXML private Region engineDot;
  @FXML private Label engineLabel;
  @FXML private Hyperlink engineDetailsLink;
  @FXML private Hyperlink retryLink;
  @FXML private Label builderLabel;
  @FXML private VBox dropOverlay;
  @FXML private FontIcon dropIcon;
  @FXML private Label dropLabel;

  public MainController(MainViewModel model) {
    this.model = Objects.requireNonNull(model);
    this.ticker = new Timeline(new KeyFrame(Duration.millis(100), e -> model.tick()));
    ticker.setCycleCount(Animation.INDEFINITE);
  }

  public MainViewModel model() {
    return model;
  }

  @FXML
  private void initialize() {
    bindHeader();
    bindBanners();
    bindSteps();
    bindSummary();
    bindLog();
    bindStatusBar();
    bindDrop();
    model
        .buildStateProperty()
        .addListener(
            (o, was, now) -> {
              if (now.active()) {
                ticker.play();
              } else {
                ticker.stop();
              }
            });
  }

  /** Keyboard: Ctrl/Cmd+Enter builds from anywhere in the window, Esc cancels a running build. */
  public void install(Scene scene) {
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (BUILD_KEYS.match(e)) {
            e.consume();
            model.build();
          } else if (e.getCode() == KeyCode.ESCAPE && model.canCancelProperty().get()) {
            e.consume();
            model.cancel();
          }
        });
  }

  // ---------------------------------------------------------------------------------------

  private void bindHeader() {
    folderNameLabel.textProperty().bind(model.folderNameProperty());
    folderPathLabel.textProperty().bind(model.folderPathProperty());
    visible(folderPathLabel, model.folderPathProperty().isNotEmpty());
    Tooltip pathTip = new Tooltip();
    pathTip.textProperty().bind(model.folderPathProperty());
    folderPathLabel.setTooltip(pathTip);
    dockerfileField.textProperty().bindBidirectional(model.dockerfileProperty());
    tagField.textProperty().bindBidirectional(model.tagProperty());
    outputField.textProperty().bindBidirectional(model.outputProperty());
    outputField.disableProperty().bind(model.contextDirProperty().isNull());
    outputField.setTooltip(
        new Tooltip(
            "Blank: the image. type=local,dest=FOLDER or type=tar,dest=FILE (relative to the"
                + " context folder), or type=cacheonly. Needs BuildKit."));
    dockerfileField.disableProperty().bind(model.contextDirProperty().isNull());
    tagField.disableProperty().bind(model.contextDirProperty().isNull());
    Tooltip tagTip = new Tooltip();
    tagTip.textProperty().bind(model.tagProblemProperty());
    model
        .tagProblemProperty()
        .addListener(
            (o, was, now) -> {
              tagField.pseudoClassStateChanged(Styles.STATE_DANGER, !now.isEmpty());
              tagField.setTooltip(now.isEmpty() ? null : tagTip);
            });
    visible(dockerfileGroup, model.contextDirProperty().isNotNull());
    visible(tagGroup, model.contextDirProperty().isNotNull());
    visible(outputGroup, model.contextDirProperty().isNotNull());
    // Build and Cancel take turns: Build while idle, Cancel while a build runs.
    var active =
        Bindings.createBooleanBinding(
            () -> model.buildStateProperty().get().active(), model.buildStateProperty());
    visible(buildButton, active.not());
    visible(cancelButton, active);
    buildButton.disableProperty().bind(model.canBuildProperty().not());
    cancelButton.disableProperty().bind(model.canCancelProperty().not());
    chooseButton.disableProperty().bind(active);
    cancelButton
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.buildStateProperty().get() == BuildState.CANCELLING
                        ? "Cancelling…"
                        : "Cancel",
                model.buildStateProperty()));
    buildButton.setTooltip(new Tooltip("Build (" + BUILD_KEYS.getDisplayText() + ")"));
    cancelButton.setTooltip(new Tooltip("Cancel the build (Esc)"));
  }

  private void bindBanners() {
    hintLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    !model.tagProblemProperty().get().isEmpty()
                        ? model.tagProblemProperty().get()
                        : model.dockerfileProblemProperty().get(),
                model.tagProblemProperty(),
                model.dockerfileProblemProperty()));
    visible(hintBar, hintLabel.textProperty().isNotEmpty());
    errorLabel.textProperty().bind(model.errorMessageProperty());
    visible(errorBanner, model.errorMessageProperty().isNotEmpty());
  }

  private void bindSteps() {
    var noFolder = model.contextDirProperty().isNull().and(Bindings.isEmpty(model.steps()));
    visible(emptyState, noFolder);
    visible(buildPane, noFolder.not());

    stepList.setItems(model.steps());
    stepList.setCellFactory(v -> new StepCell());
    Label placeholder = new Label();
    placeholder
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  if (model.buildStateProperty().get().active()) {
                    return "Sending the build context to the engine…";
                  }
                  if (model.engineStateProperty().get() == EngineState.UNAVAILABLE) {
                    // Where the eye is: the whole message with its fix, not only the status bar.
                    String detail = model.engineDetailProperty().get();
                    return detail.isBlank() ? model.engineTextProperty().get() : detail;
                  }
                  if (model.engineStateProperty().get() != EngineState.READY) {
                    return "Connecting to the Docker engine…";
                  }
                  return "Press Build (" + BUILD_KEYS.getDisplayText() + ") to build this folder.";
                },
                model.buildStateProperty(),
                model.engineStateProperty(),
                model.engineDetailProperty()));
    placeholder.setWrapText(true);
    placeholder.setMaxWidth(640);
    placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    placeholder.setAlignment(javafx.geometry.Pos.CENTER);
    stepList.setPlaceholder(placeholder);
    stepCountLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> model.steps().isEmpty() ? "" : String.valueOf(model.steps().size()),
                model.steps()));
    progressLabel.textProperty().bind(model.progressTextProperty());

    // Selection both ways: the user picks a row; the model opens the failing one.
    stepList
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, was, row) -> {
              if (model.selectedStepProperty().get() != row) {
                model.selectedStepProperty().set(row);
              }
            });
    model
        .selectedStepProperty()
        .addListener(
            (o, was, row) -> {
              if (stepList.getSelectionModel().getSelectedItem() != row) {
                if (row == null) {
                  stepList.getSelectionModel().clearSelection();
                } else {
                  stepList.getSelectionModel().select(row);
                  // After layout: the summary bar that appears with a failure shrinks the list.
                  Platform.runLater(() -> stepList.scrollTo(row));
                }
              }
            });
    // New rows follow like the log does.
    model
        .steps()
        .addListener(
            (ListChangeListener<StepRow>)
                c -> {
                  if (followToggle.isSelected()) {
                    scrollToEnd(stepList);
                  }
                });
  }

  private void bindSummary() {
    visible(summaryBar, model.summaryTitleProperty().isNotEmpty());
    summaryTitleLabel.textProperty().bind(model.summaryTitleProperty());
    summaryDetailLabel.textProperty().bind(model.summaryDetailProperty());
    summaryErrorLabel.textProperty().bind(model.summaryErrorProperty());
    visible(summaryErrorLabel, model.summaryErrorProperty().isNotEmpty());
    Tooltip errorTip = new Tooltip();
    errorTip.textProperty().bind(model.summaryErrorProperty());
    errorTip.setWrapText(true);
    errorTip.setMaxWidth(560);
    summaryErrorLabel.setTooltip(errorTip);
    imageIdLabel.textProperty().bind(model.imageIdShortProperty());
    visible(imageBox, model.imageIdProperty().isNotEmpty());
    Tooltip idTip = new Tooltip();
    idTip.textProperty().bind(model.imageIdProperty());
    imageIdLabel.setTooltip(idTip);
    copyImageButton.setTooltip(new Tooltip("Copy the full image id"));
    model
        .buildStateProperty()
        .addListener(
            (o, was, state) -> {
              summaryBar.pseudoClassStateChanged(SUCCEEDED, state == BuildState.SUCCEEDED);
              summaryBar.pseudoClassStateChanged(FAILED, state == BuildState.FAILED);
              summaryBar.pseudoClassStateChanged(CANCELLED, state == BuildState.CANCELLED);
              summaryIcon.setIconCode(
                  switch (state) {
                    case FAILED -> Feather.X_CIRCLE;
                    case CANCELLED -> Feather.SLASH;
                    default -> Feather.CHECK_CIRCLE;
                  });
            });
  }

  private void bindLog() {
    logList.setCellFactory(v -> new LogCell());
    logList.setFixedCellSize(20);
    logList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    logList.itemsProperty().bind(model.shownLogProperty());
    Label placeholder = new Label("No output yet.");
    logList.setPlaceholder(placeholder);
    logTitleLabel.textProperty().bind(model.logTitleProperty());
    visible(wholeLogLink, model.selectedStepProperty().isNotNull());
    followToggle.setTooltip(new Tooltip("Keep the newest line in view"));
    copyLogButton.setTooltip(new Tooltip("Copy the selected lines, or the whole log"));

    ListChangeListener<LogEntry> follow =
        c -> {
          if (followToggle.isSelected()) {
            scrollToEnd(logList);
          }
        };
    ChangeListener<ObservableList<LogEntry>> rewire =
        (o, was, now) -> {
          if (was != null) {
            was.removeListener(follow);
          }
          if (now != null) {
            now.addListener(follow);
            if (followToggle.isSelected()) {
              scrollToEnd(logList);
            }
          }
        };
    model.shownLogProperty().addListener(rewire);
    rewire.changed(null, null, model.shownLogProperty().get());
    // Scrolling up stops following; the toggle brings it back.
    logList.addEventFilter(
        ScrollEvent.SCROLL,
        e -> {
          if (e.getDeltaY() > 0) {
            followToggle.setSelected(false);
          }
        });
    followToggle
        .selectedProperty()
        .addListener(
            (o, was, now) -> {
              if (now) {
                scrollToEnd(logList);
              }
            });
    logList.addEventHandler(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
            copyLog();
            e.consume();
          }
        });
  }

  private void bindStatusBar() {
    engineLabel.textProperty().bind(model.engineTextProperty());
    builderLabel.textProperty().bind(model.builderTextProperty());
    ChangeListener<EngineState> onState =
        (o, was, state) -> {
          engineDot.pseudoClassStateChanged(READY, state == EngineState.READY);
          engineDot.pseudoClassStateChanged(UNAVAILABLE, state == EngineState.UNAVAILABLE);
          engineLabel.pseudoClassStateChanged(UNAVAILABLE, state == EngineState.UNAVAILABLE);
        };
    model.engineStateProperty().addListener(onState);
    onState.changed(null, null, model.engineStateProperty().get());
    var unavailable = model.engineStateProperty().isEqualTo(EngineState.UNAVAILABLE);
    visible(retryLink, unavailable);
    visible(engineDetailsLink, unavailable.and(model.engineDetailProperty().isNotEmpty()));
    Tooltip detailTip = new Tooltip();
    detailTip.textProperty().bind(model.engineDetailProperty());
    detailTip.setWrapText(true);
    detailTip.setMaxWidth(560);
    model
        .engineDetailProperty()
        .addListener((o, was, now) -> engineLabel.setTooltip(now.isEmpty() ? null : detailTip));
  }

  private void bindDrop() {
    visible(
        dropOverlay,
        Bindings.createBooleanBinding(
            () -> model.dropHintProperty().get().kind() != DropHint.Kind.NONE,
            model.dropHintProperty()));
    model
        .dropHintProperty()
        .addListener(
            (o, was, hint) -> {
              boolean accept = hint.kind() == DropHint.Kind.ACCEPT;
              dropOverlay.pseudoClassStateChanged(ACCEPT, accept);
              dropLabel.setText(hint.message());
              dropIcon.setIconCode(accept ? Feather.DOWNLOAD : Feather.SLASH);
            });
    root.addEventHandler(DragEvent.DRAG_ENTERED, e -> model.dragEntered(files(e.getDragboard())));
    root.addEventHandler(
        DragEvent.DRAG_OVER,
        e -> {
          if (model.acceptsDrop()) {
            e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
          }
          e.consume();
        });
    root.addEventHandler(DragEvent.DRAG_EXITED, e -> model.dragExited());
    root.addEventHandler(
        DragEvent.DRAG_DROPPED,
        e -> {
          boolean accepted = model.acceptsDrop();
          model.drop(files(e.getDragboard()));
          e.setDropCompleted(accepted);
          e.consume();
        });
  }

  /**
   * Shows a list's last item, once per pulse however many changes came. Deferred: the list's skin
   * learns of the new items after this controller's listeners ran, and must lay them out first.
   */
  private void scrollToEnd(ListView<?> list) {
    if (scrollPending.add(list)) {
      Platform.runLater(
          () -> {
            scrollPending.remove(list);
            int size = list.getItems() == null ? 0 : list.getItems().size();
            if (size > 0) {
              list.layout();
              list.scrollTo(size - 1);
            }
          });
    }
  }

  private static List<Path> files(Dragboard board) {
    if (!board.hasFiles()) {
      return List.of();
    }
    return board.getFiles().stream().map(File::toPath).toList();
  }

  private static void visible(Node node, javafx.beans.value.ObservableBooleanValue when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }

  // ---------------------------------------------------------------------------------------
  // Actions

  @FXML
  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Choose the folder to build");
    Path current = model.contextDirProperty().get();
    if (current != null && current.getParent() != null) {
      chooser.setInitialDirectory(current.getParent().toFile());
    }
    File dir;
    try {
      dir = chooser.showDialog(root.getScene().getWindow());
    } catch (IllegalArgumentException e) {
      // The last folder's parent is gone: start from the default place.
      chooser.setInitialDirectory(null);
      dir = chooser.showDialog(root.getScene().getWindow());
    }
    if (dir != null) {
      model.chooseFolder(dir.toPath());
    }
  }

  @FXML
  private void build() {
    model.build();
  }

  @FXML
  private void cancel() {
    model.cancel();
  }

  @FXML
  private void dismissError() {
    model.dismissError();
  }

  @FXML
  private void retryEngine() {
    model.connectEngine();
  }

  @FXML
  private void showWholeLog() {
    model.selectedStepProperty().set(null);
  }

  @FXML
  private void copyImageId() {
    copy(model.imageIdProperty().get());
  }

  @FXML
  private void copyLog() {
    List<LogEntry> lines = logList.getSelectionModel().getSelectedItems();
    if (lines.size() <= 1) {
      lines = logList.getItems();
    }
    StringBuilder text = new StringBuilder();
    for (LogEntry line : lines) {
      text.append(line.text()).append('\n');
    }
    copy(text.toString());
  }

  @FXML
  private void showEngineDetails() {
    if (engineDetails == null) {
      Label text = new Label();
      text.getStyleClass().add("details-text");
      text.textProperty().bind(model.engineDetailProperty());
      text.setWrapText(true);
      text.setMaxWidth(520);
      Button copy = new Button("Copy", new FontIcon(Feather.COPY));
      copy.getStyleClass().add(Styles.SMALL);
      copy.setOnAction(e -> copy(model.engineDetailProperty().get()));
      Button retry = new Button("Retry", new FontIcon(Feather.REFRESH_CW));
      retry.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
      retry.setOnAction(
          e -> {
            engineDetails.hide();
            model.connectEngine();
          });
      HBox buttons = new HBox(8, copy, retry);
      VBox box = new VBox(text, buttons);
      box.getStyleClass().add("engine-details");
      engineDetails = new Popover(box);
      engineDetails.setTitle("The Docker engine is not reachable");
      engineDetails.setHeaderAlwaysVisible(true);
      engineDetails.setArrowLocation(Popover.ArrowLocation.BOTTOM_LEFT);
      engineDetails.setDetachable(false);
    }
    engineDetails.show(engineDetailsLink);
  }

  private static void copy(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
  }
}
