package io.slipway.app.main;

import atlantafx.base.controls.Popover;
import atlantafx.base.theme.Styles;
import io.slipway.app.build.BuildView;
import io.slipway.app.build.BuildViewModel;
import io.slipway.app.history.HistoryView;
import io.slipway.app.profiles.Notice;
import io.slipway.app.profiles.ProfileEditorController;
import io.slipway.app.profiles.ProfileItem;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.core.build.selection.BuilderChoice;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window's controller: binds the controls to {@link ShellViewModel} (the sidebar, the
 * header, the editor's tab, the build's tab, the status bar) and forwards the user's actions to it.
 * No state and no decisions of its own beyond what is purely visual (follow the log, the clipboard,
 * dialogs, choosers).
 */
public final class MainController {

  /** Ctrl+Enter (Cmd+Enter on macOS) builds. */
  public static final KeyCombination BUILD_KEYS =
      new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

  /** Every shortcut, as Help › Keyboard shortcuts lists them. */
  static final List<String[]> SHORTCUTS =
      List.of(
          new String[] {"Build the profile", "Shortcut+Enter"},
          new String[] {"Cancel the build", "Esc"},
          new String[] {"New profile", "Shortcut+N"},
          new String[] {"Save the profile", "Shortcut+S"},
          new String[] {"Duplicate the profile", "Shortcut+D"},
          new String[] {"Delete the profile", "Delete (in the list)"},
          new String[] {"Edit the profile", "Enter (in the list)"},
          new String[] {"Import a profile", "Shortcut+O"},
          new String[] {"Export the profile", "Shortcut+E"},
          new String[] {"Find a profile", "Shortcut+K"},
          new String[] {"Profile / Build / History tab", "Shortcut+1 / Shortcut+2 / Shortcut+3"},
          new String[] {"Settings", "Shortcut+Comma"},
          new String[] {"Keyboard shortcuts", "F1"},
          new String[] {"Quit", "Shortcut+Q"},
          new String[] {"Menus", "Alt+F, Alt+B, Alt+V, Alt+H"},
          new String[] {"A field of the profile", "Alt + its underlined letter"},
          new String[] {"Copy the selected log lines", "Shortcut+C (in the log)"},
          new String[] {"Find in the log", "Shortcut+F (in the log)"});

  private static final PseudoClass READY = PseudoClass.getPseudoClass("ready");
  private static final PseudoClass UNAVAILABLE = PseudoClass.getPseudoClass("unavailable");
  private static final PseudoClass ACCEPT = PseudoClass.getPseudoClass("accept");
  private static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");
  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");

  private final ShellViewModel shell;
  private final MainViewModel model;
  private final ProfilesViewModel profiles;
  private final ProfileEditorController editor;
  private final BuildTabViewModel buildTabModel;
  private BuildView buildView;
  private HistoryView historyView;
  private double pendingBuildDivider = -1;
  private Popover engineDetails;
  private Consumer<Settings.ThemeChoice> onTheme = t -> {};
  private Runnable onSettings = () -> {};
  private Runnable onAbout = () -> {};
  private Runnable onQuit = () -> {};

  @FXML private StackPane root;
  @FXML private MenuBar menuBar;
  @FXML private MenuItem newMenuItem;
  @FXML private MenuItem saveMenuItem;
  @FXML private MenuItem duplicateMenuItem;
  @FXML private MenuItem deleteMenuItem;
  @FXML private MenuItem importMenuItem;
  @FXML private MenuItem exportMenuItem;
  @FXML private MenuItem settingsMenuItem;
  @FXML private MenuItem quitMenuItem;
  @FXML private MenuItem buildMenuItem;
  @FXML private MenuItem cancelMenuItem;
  @FXML private MenuItem pruneMenuItem;
  @FXML private MenuItem profileTabMenuItem;
  @FXML private MenuItem buildTabMenuItem;
  @FXML private MenuItem filterMenuItem;
  @FXML private MenuItem shortcutsMenuItem;
  @FXML private ToggleGroup themeGroup;
  @FXML private RadioMenuItem systemThemeItem;
  @FXML private RadioMenuItem lightThemeItem;
  @FXML private RadioMenuItem darkThemeItem;
  @FXML private SplitPane mainSplit;
  @FXML private Label profileCountLabel;
  @FXML private Button newProfileButton;
  @FXML private TextField filterField;
  @FXML private ListView<ProfileItem> profileList;
  @FXML private VBox sidebarEmpty;
  @FXML private Button duplicateButton;
  @FXML private Button deleteButton;
  @FXML private Button importButton;
  @FXML private Button exportButton;
  @FXML private Label headerTitleLabel;
  @FXML private Label headerDetailLabel;
  @FXML private ToggleGroup builderGroup;
  @FXML private ToggleButton autoToggle;
  @FXML private ToggleButton classicToggle;
  @FXML private ToggleButton buildkitToggle;
  @FXML private Label builderNoteLabel;
  @FXML private Button buildButton;
  @FXML private Button cancelButton;
  @FXML private HBox noticeBar;
  @FXML private Label noticeLabel;
  @FXML private Button undoButton;
  @FXML private HBox errorBanner;
  @FXML private Label errorLabel;
  @FXML private TabPane tabs;
  @FXML private Tab profileTab;
  @FXML private Tab buildTab;
  @FXML private Tab historyTab;
  @FXML private MenuItem historyTabMenuItem;
  @FXML private StackPane buildArea;
  @FXML private VBox emptyState;
  @FXML private FontIcon emptyIcon;
  @FXML private Label emptyTitleLabel;
  @FXML private Label emptySubtitleLabel;
  @FXML private Button emptyNewButton;
  @FXML private Region engineDot;
  @FXML private Label engineLabel;
  @FXML private Hyperlink engineDetailsLink;
  @FXML private Hyperlink retryLink;
  @FXML private Hyperlink engineSettingsLink;
  @FXML private Label engineWarningBadge;
  @FXML private Label builderLabel;
  @FXML private VBox dropOverlay;
  @FXML private FontIcon dropIcon;
  @FXML private Label dropLabel;

  public MainController(
      ShellViewModel shell, ProfileEditorController editor, BuildTabViewModel buildTabModel) {
    this.shell = Objects.requireNonNull(shell);
    this.model = shell.build();
    this.profiles = shell.profiles();
    this.editor = Objects.requireNonNull(editor);
    this.buildTabModel = Objects.requireNonNull(buildTabModel);
  }

  public MainViewModel model() {
    return model;
  }

  public ShellViewModel shell() {
    return shell;
  }

  /** The sidebar | content divider. */
  public SplitPane mainSplit() {
    return mainSplit;
  }

  /**
   * Where the build view's timeline | log divider goes; kept until the view is made when it is not
   * yet.
   */
  public void setBuildDivider(double position) {
    if (buildView != null) {
      buildView.controller().split().setDividerPositions(position);
    } else {
      pendingBuildDivider = position;
    }
  }

  /** The build view's timeline | log divider, or {@code fallback} when none was ever set. */
  public double buildDivider(double fallback) {
    if (buildView != null) {
      double[] positions = buildView.controller().split().getDividerPositions();
      return positions.length > 0 ? positions[0] : fallback;
    }
    return pendingBuildDivider >= 0 ? pendingBuildDivider : fallback;
  }

  /** The Build tab, whose content is the build view. */
  public Tab buildTab() {
    return buildTab;
  }

  /** The History tab. */
  public Tab historyTab() {
    return historyTab;
  }

  /** The Build tab's view of the selected profile's build (made now if it was not yet). */
  public BuildView buildView() {
    ensureBuildView();
    return buildView;
  }

  /** The History tab's view (made now if it was not yet). */
  public HistoryView historyView() {
    ensureHistoryView();
    return historyView;
  }

  /*
   * The Build and History tabs are made the first time they are shown (or asked for): the window
   * opens on the Profile tab, and loading their views and controls up front cost a third of the
   * start-up time. Builds run without them: the build tab's model follows every build.
   */
  private void ensureBuildView() {
    if (buildView == null) {
      bindBuildTab();
      if (pendingBuildDivider >= 0) {
        buildView.controller().split().setDividerPositions(pendingBuildDivider);
      }
    }
  }

  private void ensureHistoryView() {
    if (historyView == null) {
      bindHistoryTab();
    }
  }

  public BuildTabViewModel buildTabModel() {
    return buildTabModel;
  }

  /** What the window's menus open; set by whoever owns the stage and the settings. */
  public void setActions(
      Runnable settings, Runnable about, Runnable quit, Consumer<Settings.ThemeChoice> theme) {
    this.onSettings = Objects.requireNonNull(settings);
    this.onAbout = Objects.requireNonNull(about);
    this.onQuit = Objects.requireNonNull(quit);
    this.onTheme = Objects.requireNonNull(theme);
  }

  @FXML
  private void initialize() {
    profileTab.setContent(editor.root());
    editor.setOnSave(shell::save);
    editor.setOnNew(this::newProfile);
    bindMenus();
    bindSidebar();
    bindHeader();
    bindBanners();
    tabs.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, was, now) -> {
              if (now == buildTab) {
                ensureBuildView();
              } else if (now == historyTab) {
                ensureHistoryView();
              }
            });
    bindStatusBar();
    bindDrop();
    model
        .buildStateProperty()
        .addListener(
            (o, was, now) -> {
              if (now == BuildState.STARTING) {
                tabs.getSelectionModel().select(buildTab);
              }
            });
    shell
        .pendingChoiceProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                Platform.runLater(() -> chooseDockerfile(now));
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
            shell.buildSelected();
          } else if (e.getCode() == KeyCode.ESCAPE && model.canCancelProperty().get()) {
            e.consume();
            model.cancel();
          }
        });
  }

  // ---------------------------------------------------------------------------------------

  private void bindMenus() {
    newMenuItem.setAccelerator(shortcut(KeyCode.N));
    saveMenuItem.setAccelerator(shortcut(KeyCode.S));
    duplicateMenuItem.setAccelerator(shortcut(KeyCode.D));
    importMenuItem.setAccelerator(shortcut(KeyCode.O));
    exportMenuItem.setAccelerator(shortcut(KeyCode.E));
    settingsMenuItem.setAccelerator(shortcut(KeyCode.COMMA));
    quitMenuItem.setAccelerator(shortcut(KeyCode.Q));
    buildMenuItem.setAccelerator(BUILD_KEYS);
    cancelMenuItem.setAccelerator(new KeyCodeCombination(KeyCode.ESCAPE));
    profileTabMenuItem.setAccelerator(shortcut(KeyCode.DIGIT1));
    buildTabMenuItem.setAccelerator(shortcut(KeyCode.DIGIT2));
    historyTabMenuItem.setAccelerator(shortcut(KeyCode.DIGIT3));
    filterMenuItem.setAccelerator(shortcut(KeyCode.K));
    shortcutsMenuItem.setAccelerator(new KeyCodeCombination(KeyCode.F1));
    var noSelection = profiles.selectedProperty().isNull();
    saveMenuItem.disableProperty().bind(shell.editor().dirtyProperty().not());
    duplicateMenuItem.disableProperty().bind(noSelection);
    deleteMenuItem.disableProperty().bind(noSelection);
    exportMenuItem.disableProperty().bind(noSelection);
    buildMenuItem.disableProperty().bind(model.canBuildProperty().not());
    cancelMenuItem.disableProperty().bind(model.canCancelProperty().not());
    pruneMenuItem
        .disableProperty()
        .bind(model.engineStateProperty().isNotEqualTo(EngineState.READY));
    themeGroup
        .selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              if (now == darkThemeItem) {
                onTheme.accept(Settings.ThemeChoice.DARK);
              } else if (now == lightThemeItem) {
                onTheme.accept(Settings.ThemeChoice.LIGHT);
              } else if (now == systemThemeItem) {
                onTheme.accept(Settings.ThemeChoice.SYSTEM);
              }
            });
    ChangeListener<Settings> showTheme =
        (o, was, now) -> {
          RadioMenuItem item =
              switch (now.theme()) {
                case DARK -> darkThemeItem;
                case LIGHT -> lightThemeItem;
                case SYSTEM -> systemThemeItem;
              };
          if (!item.isSelected()) {
            item.setSelected(true);
          }
        };
    shell.settingsProperty().addListener(showTheme);
    showTheme.changed(null, null, shell.settingsProperty().get());
  }

  private static KeyCombination shortcut(KeyCode code) {
    return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
  }

  private void bindSidebar() {
    profileList.setItems(profiles.shownItems());
    profileList.setCellFactory(v -> new ProfileCell());
    filterField.textProperty().bindBidirectional(profiles.filterProperty());
    profileCountLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> profiles.items().isEmpty() ? "" : String.valueOf(profiles.items().size()),
                profiles.items()));
    visible(
        sidebarEmpty,
        Bindings.createBooleanBinding(
            () -> profiles.loadedProperty().get() && profiles.items().isEmpty(),
            profiles.loadedProperty(),
            profiles.items()));
    // Only for a filter that hides every row; an empty sidebar has its own invitation.
    Label noMatch = new Label();
    noMatch
        .textProperty()
        .bind(
            Bindings.when(Bindings.isEmpty(profiles.items()))
                .then("")
                .otherwise("No profile matches the filter."));
    noMatch.getStyleClass().add("sidebar-empty-text");
    profileList.setPlaceholder(noMatch);
    // Selection both ways.
    profileList
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null && profiles.selectedProperty().get() != now) {
                profiles.selectedProperty().set(now);
              }
            });
    ChangeListener<ProfileItem> showSelected =
        (o, was, now) -> {
          if (profileList.getSelectionModel().getSelectedItem() != now) {
            if (now == null || !profileList.getItems().contains(now)) {
              profileList.getSelectionModel().clearSelection();
            } else {
              profileList.getSelectionModel().select(now);
              profileList.scrollTo(now);
            }
          }
        };
    profiles.selectedProperty().addListener(showSelected);
    profiles
        .shownItems()
        .addListener(
            (ListChangeListener<ProfileItem>)
                c -> showSelected.changed(null, null, profiles.selectedProperty().get()));
    profileList.addEventHandler(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.DELETE && profiles.selectedProperty().get() != null) {
            profiles.deleteSelected();
            e.consume();
          } else if (e.getCode() == KeyCode.ENTER
              && !e.isShortcutDown()
              && profiles.selectedProperty().get() != null) {
            // Enter opens the profile in the editor.
            tabs.getSelectionModel().select(profileTab);
            editor.focusName();
            e.consume();
          }
        });
    filterField.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
            profileList.requestFocus();
            if (profileList.getSelectionModel().isEmpty() && !profileList.getItems().isEmpty()) {
              profileList.getSelectionModel().selectFirst();
            }
          } else if (e.getCode() == KeyCode.ESCAPE && !filterField.getText().isEmpty()) {
            filterField.clear();
            e.consume();
          }
        });
    var noSelection = profiles.selectedProperty().isNull();
    duplicateButton.disableProperty().bind(noSelection);
    deleteButton.disableProperty().bind(noSelection);
    exportButton.disableProperty().bind(noSelection);
    newProfileButton.setTooltip(
        new Tooltip("New profile (" + shortcut(KeyCode.N).getDisplayText() + ")"));
    duplicateButton.setTooltip(new Tooltip("Duplicate the profile"));
    deleteButton.setTooltip(new Tooltip("Delete the profile (you can undo it)"));
    importButton.setTooltip(new Tooltip("Import a profile file"));
    exportButton.setTooltip(new Tooltip("Export the profile to a file"));
  }

  /** A sidebar row: the name, the context below it, the last build's outcome on the right. */
  private static final class ProfileCell extends ListCell<ProfileItem> {
    private static final String HOME = System.getProperty("user.home", "");
    private final Label name = new Label();
    private final Label detail = new Label();
    private final Label outcome = new Label();
    private final HBox box;

    ProfileCell() {
      name.getStyleClass().add("profile-name");
      detail.getStyleClass().add("profile-detail");
      outcome.getStyleClass().add("profile-outcome");
      outcome.setMinWidth(Region.USE_PREF_SIZE);
      VBox text = new VBox(1, name, detail);
      text.setMinWidth(0);
      HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
      box = new HBox(8, text, outcome);
      box.setAlignment(Pos.CENTER_LEFT);
      getStyleClass().add("profile-cell");
      setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
      // As wide as the list, never wider: long paths are cut with an ellipsis.
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(ProfileItem item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setGraphic(null);
        setText(null);
        setTooltip(null);
        return;
      }
      name.setText(item.name());
      detail.setText(item.subtitle(HOME));
      outcome.setText(item.last().map(ProfileItem.Outcome::text).orElse(""));
      outcome.pseudoClassStateChanged(
          SUCCEEDED, item.last().filter(l -> l.state() == BuildState.SUCCEEDED).isPresent());
      outcome.pseudoClassStateChanged(
          FAILED, item.last().filter(l -> l.state() == BuildState.FAILED).isPresent());
      outcome.pseudoClassStateChanged(
          CANCELLED, item.last().filter(l -> l.state() == BuildState.CANCELLED).isPresent());
      pseudoClassStateChanged(PseudoClass.getPseudoClass("unsaved"), !item.saved());
      setText(item.name());
      setGraphic(box);
      setTooltip(new Tooltip(item.name() + "\n" + item.subtitle(HOME)));
    }
  }

  private void bindHeader() {
    headerTitleLabel.textProperty().bind(shell.headerTitleProperty());
    headerDetailLabel.textProperty().bind(shell.headerDetailProperty());
    Tooltip detailTip = new Tooltip();
    detailTip.textProperty().bind(shell.headerDetailProperty());
    headerDetailLabel.setTooltip(detailTip);
    builderNoteLabel.textProperty().bind(shell.builderNoteProperty());
    Tooltip noteTip = new Tooltip();
    noteTip.textProperty().bind(shell.builderNoteProperty());
    noteTip.setWrapText(true);
    noteTip.setMaxWidth(480);
    builderNoteLabel.setTooltip(noteTip);
    autoToggle.setUserData(BuilderChoice.AUTO);
    classicToggle.setUserData(BuilderChoice.CLASSIC);
    buildkitToggle.setUserData(BuilderChoice.BUILDKIT);
    autoToggle.setTooltip(new Tooltip("As docker build decides: DOCKER_BUILDKIT, then the engine"));
    classicToggle.setTooltip(new Tooltip("The classic builder (POST /build)"));
    buildkitToggle.setTooltip(new Tooltip("BuildKit (POST /build?version=2)"));
    ChangeListener<BuilderChoice> showChoice =
        (o, was, now) -> {
          BuilderChoice c = now == null ? BuilderChoice.AUTO : now;
          for (var t : builderGroup.getToggles()) {
            if (t.getUserData() == c && !t.isSelected()) {
              t.setSelected(true);
            }
          }
        };
    shell.editor().builderProperty().addListener(showChoice);
    showChoice.changed(null, null, shell.editor().builderProperty().get());
    builderGroup
        .selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              if (now == null) {
                // a pill group always has one: pressing the selected one again keeps it
                was.setSelected(true);
              } else {
                shell.chooseBuilder((BuilderChoice) now.getUserData());
              }
            });
    var noProfile = shell.editor().draftProperty().isNull();
    autoToggle.disableProperty().bind(noProfile);
    classicToggle.disableProperty().bind(noProfile);
    buildkitToggle.disableProperty().bind(noProfile);

    // Build and Cancel take turns: Build while idle, Cancel while a build runs.
    var active =
        Bindings.createBooleanBinding(
            () -> model.buildStateProperty().get().active(), model.buildStateProperty());
    visible(buildButton, active.not());
    visible(cancelButton, active);
    buildButton.disableProperty().bind(model.canBuildProperty().not());
    cancelButton.disableProperty().bind(model.canCancelProperty().not());
    cancelButton
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.buildStateProperty().get() == BuildState.CANCELLING
                        ? "Cancelling…"
                        : "Cancel",
                model.buildStateProperty()));
    Tooltip buildTip = new Tooltip();
    buildTip
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.buildBlockerProperty().get().isEmpty()
                        ? "Build (" + BUILD_KEYS.getDisplayText() + ")"
                        : model.buildBlockerProperty().get(),
                model.buildBlockerProperty()));
    buildTip.setWrapText(true);
    buildTip.setMaxWidth(480);
    buildButton.setTooltip(buildTip);
    cancelButton.setTooltip(new Tooltip("Cancel the build (Esc)"));
  }

  private void bindBanners() {
    ChangeListener<Notice> showNotice =
        (o, was, now) -> {
          noticeLabel.setText(now == null ? "" : now.message());
          boolean undo = now != null && now.undo().isPresent();
          undoButton.setVisible(undo);
          undoButton.setManaged(undo);
        };
    profiles.noticeProperty().addListener(showNotice);
    showNotice.changed(null, null, profiles.noticeProperty().get());
    visible(noticeBar, profiles.noticeProperty().isNotNull());
    errorLabel.textProperty().bind(model.errorMessageProperty());
    visible(errorBanner, model.errorMessageProperty().isNotEmpty());
  }

  /**
   * The Build tab: the build view of the selected profile's build; the empty state above it while
   * there is none (no profile: invite a drop; a profile never built: press Build).
   */
  private void bindBuildTab() {
    buildView = BuildView.load(buildTabModel.build());
    buildArea.getChildren().add(0, buildView.node());
    BuildViewModel build = buildTabModel.build();
    var noProfile = profiles.selectedProperty().isNull();
    visible(
        emptyState,
        Bindings.createBooleanBinding(
            () ->
                build.phaseProperty().get() == BuildViewModel.Phase.EMPTY
                    && !buildTabModel.loadingProperty().get(),
            build.phaseProperty(),
            buildTabModel.loadingProperty()));
    buildView.node().visibleProperty().bind(emptyState.visibleProperty().not());
    visible(emptyNewButton, noProfile);
    ChangeListener<ProfileItem> icon =
        (o, was, now) -> emptyIcon.setIconCode(now == null ? Feather.DOWNLOAD : Feather.PLAY);
    profiles.selectedProperty().addListener(icon);
    icon.changed(null, null, profiles.selectedProperty().get());
    emptyTitleLabel
        .textProperty()
        .bind(
            Bindings.when(noProfile)
                .then("Drop a folder with a Dockerfile here, or create a profile")
                .otherwise("No builds yet — press Build (" + BUILD_KEYS.getDisplayText() + ")"));
    emptySubtitleLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  if (profiles.selectedProperty().get() == null) {
                    return "Slipway builds it with your Docker engine and shows every step as it"
                        + " runs.";
                  }
                  if (model.engineStateProperty().get() == EngineState.UNAVAILABLE) {
                    // Where the eye is: the whole message with its fix, not only the status bar.
                    String detail = model.engineDetailProperty().get();
                    return detail.isBlank() ? model.engineTextProperty().get() : detail;
                  }
                  if (model.engineStateProperty().get() != EngineState.READY) {
                    return "Connecting to the Docker engine…";
                  }
                  return "Every build of this profile is kept in the History tab.";
                },
                profiles.selectedProperty(),
                model.engineStateProperty(),
                model.engineDetailProperty(),
                model.engineTextProperty()));
  }

  /** The History tab: the selected profile's past builds; one opened shows in the Build tab. */
  private void bindHistoryTab() {
    historyView =
        HistoryView.load(
            buildTabModel.history(),
            shell.background(),
            shell.ui(),
            (entry, snapshot) -> {
              buildTabModel.showFromHistory(entry, snapshot);
              tabs.getSelectionModel().select(buildTab);
            });
    historyTab.setContent(historyView.node());
    // Beside the sidebar the comparison needs the room more than the list does.
    if (historyView.node() instanceof SplitPane split) {
      split.setDividerPositions(0.25);
    }
    ChangeListener<ProfileItem> follow =
        (o, was, now) -> historyView.model().profileProperty().set(now == null ? "" : now.name());
    profiles.selectedProperty().addListener(follow);
    follow.changed(null, null, profiles.selectedProperty().get());
    buildTabModel.addOnSaved(
        entry -> {
          if (entry.profile().equals(historyView.model().profileProperty().get())) {
            historyView.model().refresh();
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
    visible(engineSettingsLink, unavailable);
    visible(engineWarningBadge, model.engineWarningProperty().isNotEmpty());
    Tooltip warningTip = new Tooltip();
    warningTip.textProperty().bind(model.engineWarningProperty());
    warningTip.setWrapText(true);
    warningTip.setMaxWidth(480);
    engineWarningBadge.setTooltip(warningTip);
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
            () -> shell.dropHintProperty().get().kind() != DropHint.Kind.NONE,
            shell.dropHintProperty()));
    shell
        .dropHintProperty()
        .addListener(
            (o, was, hint) -> {
              boolean accept = hint.kind() == DropHint.Kind.ACCEPT;
              dropOverlay.pseudoClassStateChanged(ACCEPT, accept);
              dropLabel.setText(hint.message());
              dropIcon.setIconCode(accept ? Feather.DOWNLOAD : Feather.SLASH);
            });
    root.addEventHandler(
        DragEvent.DRAG_ENTERED,
        e -> shell.dragEntered(files(e.getDragboard()), text(e.getDragboard())));
    root.addEventHandler(
        DragEvent.DRAG_OVER,
        e -> {
          if (shell.acceptsDrop()) {
            e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
          }
          e.consume();
        });
    root.addEventHandler(DragEvent.DRAG_EXITED, e -> shell.dragExited());
    root.addEventHandler(
        DragEvent.DRAG_DROPPED,
        e -> {
          boolean accepted = shell.acceptsDrop();
          shell.drop(files(e.getDragboard()), text(e.getDragboard()));
          e.setDropCompleted(accepted);
          e.consume();
        });
  }

  private static List<Path> files(Dragboard board) {
    if (!board.hasFiles()) {
      return List.of();
    }
    return board.getFiles().stream().map(File::toPath).toList();
  }

  private static String text(Dragboard board) {
    if (board.hasUrl()) {
      return board.getUrl();
    }
    return board.hasString() ? board.getString() : "";
  }

  private static void visible(Node node, javafx.beans.value.ObservableBooleanValue when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }

  private Window window() {
    return root.getScene().getWindow();
  }

  /**
   * Dialogs share the window's stylesheet (its colours, and a frame where the desktop has none).
   */
  private void styled(javafx.scene.control.Dialog<?> dialog) {
    dialog.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
  }

  // ---------------------------------------------------------------------------------------
  // Actions

  @FXML
  private void newProfile() {
    shell.newProfile();
    tabs.getSelectionModel().select(profileTab);
    Platform.runLater(editor::focusName);
  }

  @FXML
  private void saveProfile() {
    shell.save();
  }

  @FXML
  private void duplicateProfile() {
    profiles.duplicateSelected();
  }

  @FXML
  private void deleteProfile() {
    profiles.deleteSelected();
  }

  @FXML
  private void importProfile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Import a profile");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Slipway profiles", "*.json"));
    File f = chooser.showOpenDialog(window());
    if (f != null) {
      profiles.importFile(f.toPath());
    }
  }

  @FXML
  private void exportProfile() {
    ProfileItem item = profiles.selectedProperty().get();
    if (item == null) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export " + item.name());
    chooser.setInitialFileName(
        io.slipway.core.profile.ProfileNames.fileStem(item.name()) + ".json");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Slipway profiles", "*.json"));
    File f = chooser.showSaveDialog(window());
    if (f != null) {
      profiles.exportSelected(f.toPath());
    }
  }

  @FXML
  private void undo() {
    Notice n = profiles.noticeProperty().get();
    if (n != null) {
      n.undo().ifPresent(Runnable::run);
    }
  }

  @FXML
  private void dismissNotice() {
    profiles.dismissNotice();
  }

  @FXML
  private void openSettings() {
    onSettings.run();
  }

  @FXML
  private void quit() {
    onQuit.run();
  }

  @FXML
  private void build() {
    shell.buildSelected();
  }

  @FXML
  private void cancel() {
    model.cancel();
  }

  /** Settings' Prune button: the same confirmation as the Build menu's. */
  void pruneFromSettings() {
    pruneCache();
  }

  @FXML
  private void pruneCache() {
    Alert confirm =
        new Alert(
            Alert.AlertType.CONFIRMATION,
            "The engine removes the build cache no image or running build needs. The next builds"
                + " may take longer.",
            ButtonType.CANCEL,
            ButtonType.OK);
    confirm.initOwner(window());
    styled(confirm);
    confirm.setTitle("Prune build cache");
    confirm.setHeaderText("Prune the engine's build cache?");
    ((Button) confirm.getDialogPane().lookupButton(ButtonType.OK)).setText("Prune");
    Optional<ButtonType> answer = confirm.showAndWait();
    if (answer.isPresent() && answer.get() == ButtonType.OK) {
      profiles.showNotice(Notice.of("Pruning the build cache…"));
      model.pruneBuildCache(false, sentence -> profiles.showNotice(Notice.of(sentence)));
    }
  }

  @FXML
  private void showProfileTab() {
    tabs.getSelectionModel().select(profileTab);
  }

  @FXML
  private void showBuildTab() {
    tabs.getSelectionModel().select(buildTab);
  }

  @FXML
  private void showHistoryTab() {
    tabs.getSelectionModel().select(historyTab);
  }

  @FXML
  private void focusFilter() {
    filterField.requestFocus();
    filterField.selectAll();
  }

  @FXML
  void showShortcuts() {
    GridPane grid = new GridPane();
    grid.setHgap(24);
    grid.setVgap(6);
    grid.getStyleClass().add("shortcuts");
    int r = 0;
    for (String[] s : SHORTCUTS) {
      Label what = new Label(s[0]);
      Label keys = new Label(s[1].replace("Shortcut", shortcutName()));
      keys.getStyleClass().add("shortcut-keys");
      grid.add(what, 0, r);
      grid.add(keys, 1, r);
      r++;
    }
    Alert alert = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
    alert.initOwner(window());
    styled(alert);
    alert.setTitle("Keyboard shortcuts");
    alert.setHeaderText("Keyboard shortcuts");
    alert.getDialogPane().setContent(grid);
    alert.showAndWait();
  }

  static String shortcutName() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac")
        ? "Cmd"
        : "Ctrl";
  }

  @FXML
  private void showAbout() {
    onAbout.run();
  }

  private void chooseDockerfile(Drops.Choose choice) {
    ChoiceDialog<String> dialog =
        new ChoiceDialog<>(choice.dockerfiles().get(0), choice.dockerfiles());
    dialog.initOwner(window());
    styled(dialog);
    dialog.setTitle("Choose the Dockerfile");
    dialog.setHeaderText(
        choice.folder().getFileName() + " has " + choice.dockerfiles().size() + " Dockerfiles.");
    dialog.setContentText("Build with:");
    shell.chooseDockerfile(dialog.showAndWait().orElse(null));
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
