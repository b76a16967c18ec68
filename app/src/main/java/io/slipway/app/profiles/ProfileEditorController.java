package io.slipway.app.profiles;

import atlantafx.base.theme.Styles;
import io.slipway.core.build.DockerfileOutline;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the profile editor's controls to {@link ProfileEditorViewModel}; choosers and the rows of
 * the tables are its only work of its own.
 */
public final class ProfileEditorController {
  private final ProfileEditorViewModel model;
  private Runnable onSave = () -> {};
  private Runnable onNew = () -> {};

  @FXML private StackPane editorRoot;
  @FXML private VBox noProfileBox;
  @FXML private BorderPane editorPane;
  @FXML private ScrollPane scroll;
  @FXML private FontIcon dirtyIcon;
  @FXML private Label dirtyLabel;
  @FXML private Label problemCountLabel;
  @FXML private Button saveButton;
  @FXML private TextField nameField;
  @FXML private Label nameProblem;
  @FXML private ComboBox<ContextKind> contextKindBox;
  @FXML private TextField contextField;
  @FXML private Button browseContextButton;
  @FXML private Label contextProblem;
  @FXML private RadioButton fileRadio;
  @FXML private RadioButton inlineRadio;
  @FXML private HBox dockerfileFileBox;
  @FXML private ComboBox<String> dockerfileBox;
  @FXML private TextArea dockerfileTextArea;
  @FXML private Label dockerfileNoteLabel;
  @FXML private Label dockerfileProblem;
  @FXML private FlowPane tagChips;
  @FXML private TextField tagInput;
  @FXML private Label tagsProblem;
  @FXML private ComboBox<String> targetBox;
  @FXML private Label targetProblem;
  @FXML private ComboBox<String> platformBox;
  @FXML private Label platformProblem;
  @FXML private VBox buildArgRows;
  @FXML private Label offeredArgsLabel;
  @FXML private FlowPane offeredArgs;
  @FXML private Label buildArgsProblem;
  @FXML private GridPane registryGrid;
  @FXML private Label registriesNoteLabel;
  @FXML private VBox labelRows;
  @FXML private Label labelsProblem;
  @FXML private ComboBox<BuilderChoice> builderBox;
  @FXML private ComboBox<Compression> compressionBox;
  @FXML private CheckBox noCacheCheck;
  @FXML private CheckBox pullCheck;
  @FXML private ComboBox<String> networkBox;
  @FXML private Label networkProblem;
  @FXML private TextArea extraHostsArea;
  @FXML private Label extraHostsProblem;
  @FXML private TextArea cacheFromArea;
  @FXML private Label cacheFromProblem;
  @FXML private TextField outputField;
  @FXML private Label outputProblem;
  @FXML private TextArea secretsArea;
  @FXML private Label secretsProblem;
  @FXML private TextArea sshArea;
  @FXML private Label sshProblem;
  @FXML private TextField iidFileField;
  @FXML private Label iidfileProblem;
  @FXML private ComboBox<String> engineBox;
  @FXML private Label engineProblem;

  public ProfileEditorController(ProfileEditorViewModel model) {
    this.model = Objects.requireNonNull(model);
  }

  /** What Save does (the window saves through the sidebar's store). */
  public void setOnSave(Runnable onSave) {
    this.onSave = Objects.requireNonNull(onSave);
  }

  /** What New profile (in the empty state) does. */
  public void setOnNew(Runnable onNew) {
    this.onNew = Objects.requireNonNull(onNew);
  }

  public Node root() {
    return editorRoot;
  }

  /** Puts the caret in the name field (a new profile). */
  public void focusName() {
    nameField.requestFocus();
    nameField.selectAll();
  }

  @FXML
  private void initialize() {
    visible(noProfileBox, model.editingProperty().not());
    visible(editorPane, model.editingProperty());

    dirtyLabel
        .textProperty()
        .bind(Bindings.when(model.dirtyProperty()).then("Unsaved changes").otherwise("Saved"));
    visible(dirtyIcon, model.dirtyProperty());
    saveButton.disableProperty().bind(model.dirtyProperty().not());
    problemCountLabel.textProperty().bind(model.firstProblemProperty());
    Tooltip problemTip = new Tooltip();
    problemTip.textProperty().bind(model.firstProblemProperty());
    problemCountLabel.setTooltip(problemTip);

    // Source
    text(nameField, model.nameProperty());
    problem(nameProblem, "name", nameField);
    contextKindBox.getItems().setAll(ContextKind.values());
    contextKindBox.valueProperty().bindBidirectional(model.contextKindProperty());
    text(contextField, model.contextLocationProperty());
    contextField
        .promptTextProperty()
        .bind(
            Bindings.createStringBinding(
                () -> model.contextKindProperty().get().prompt(), model.contextKindProperty()));
    browseContextButton
        .disableProperty()
        .bind(
            model
                .contextKindProperty()
                .isEqualTo(ContextKind.GIT)
                .or(model.contextKindProperty().isEqualTo(ContextKind.URL)));
    problem(contextProblem, "context", contextField);
    inlineRadio.selectedProperty().bindBidirectional(model.inlineDockerfileProperty());
    fileRadio.setSelected(!model.inlineDockerfileProperty().get());
    model.inlineDockerfileProperty().addListener((o, was, now) -> fileRadio.setSelected(!now));
    visible(dockerfileFileBox, model.inlineDockerfileProperty().not());
    visible(dockerfileTextArea, model.inlineDockerfileProperty());
    dockerfileBox.setItems(model.dockerfiles());
    editableCombo(dockerfileBox, model.dockerfilePathProperty());
    text(dockerfileTextArea, model.dockerfileTextProperty());
    dockerfileNoteLabel.textProperty().bind(model.dockerfileNoteProperty());
    visible(dockerfileNoteLabel, model.dockerfileNoteProperty().isNotEmpty());
    problem(dockerfileProblem, "dockerfile", dockerfileBox.getEditor());

    // Image
    model.tags().addListener((ListChangeListener<String>) c -> renderTags());
    renderTags();
    tagInput.setOnAction(
        e -> {
          model.addTag(tagInput.getText());
          tagInput.clear();
        });
    tagInput.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.BACK_SPACE
              && tagInput.getText().isEmpty()
              && !model.tags().isEmpty()) {
            model.tags().remove(model.tags().size() - 1);
            e.consume();
          }
        });
    // A tag typed but not yet added is added when the field loses focus.
    tagInput
        .focusedProperty()
        .addListener(
            (o, was, now) -> {
              if (!now && !tagInput.getText().isBlank()) {
                model.addTag(tagInput.getText());
                tagInput.clear();
              }
            });
    problem(tagsProblem, "tags", tagInput);
    targetBox.setItems(model.stages());
    editableCombo(targetBox, model.targetProperty());
    problem(targetProblem, "target", targetBox.getEditor());
    platformBox
        .getItems()
        .setAll("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386", "windows/amd64");
    editableCombo(platformBox, model.platformProperty());
    problem(platformProblem, "platform", platformBox.getEditor());

    // Arguments
    model
        .buildArgs()
        .addListener(
            (ListChangeListener<KeyValueRow>)
                c -> {
                  if (structural(c)) {
                    renderRows(buildArgRows, model.buildArgs(), true);
                  }
                });
    renderRows(buildArgRows, model.buildArgs(), true);
    model
        .offeredArgs()
        .addListener((ListChangeListener<DockerfileOutline.Arg>) c -> renderOffered());
    renderOffered();
    problem(buildArgsProblem, "buildArgs", null);

    // Registries
    model.registries().addListener((ListChangeListener<RegistryRow>) c -> renderRegistries());
    renderRegistries();
    registriesNoteLabel.textProperty().bind(model.registriesNoteProperty());

    // Advanced
    model
        .labels()
        .addListener(
            (ListChangeListener<KeyValueRow>)
                c -> {
                  if (structural(c)) {
                    renderRows(labelRows, model.labels(), false);
                  }
                });
    renderRows(labelRows, model.labels(), false);
    problem(labelsProblem, "labels", null);
    builderBox.getItems().setAll(BuilderChoice.values());
    builderBox.valueProperty().bindBidirectional(model.builderProperty());
    compressionBox.getItems().setAll(Compression.values());
    compressionBox.valueProperty().bindBidirectional(model.compressionProperty());
    noCacheCheck.selectedProperty().bindBidirectional(model.noCacheProperty());
    pullCheck.selectedProperty().bindBidirectional(model.pullProperty());
    networkBox.getItems().setAll("default", "host", "none");
    editableCombo(networkBox, model.networkProperty());
    problem(networkProblem, "network", networkBox.getEditor());
    text(extraHostsArea, model.extraHostsProperty());
    problem(extraHostsProblem, "extraHosts", extraHostsArea);
    text(cacheFromArea, model.cacheFromProperty());
    problem(cacheFromProblem, "cacheFrom", cacheFromArea);
    text(outputField, model.outputProperty());
    problem(outputProblem, "output", outputField);
    text(secretsArea, model.secretsProperty());
    problem(secretsProblem, "secrets", secretsArea);
    text(sshArea, model.sshProperty());
    problem(sshProblem, "ssh", sshArea);
    text(iidFileField, model.iidFileProperty());
    problem(iidfileProblem, "iidfile", iidFileField);
    engineBox.setItems(model.engines());
    editableCombo(engineBox, model.engineProperty());
    problem(engineProblem, "engine", engineBox.getEditor());
  }

  // ---------------------------------------------------------------------------------------

  private static boolean structural(ListChangeListener.Change<?> c) {
    while (c.next()) {
      if (c.wasAdded() || c.wasRemoved() || c.wasPermutated()) {
        return true;
      }
    }
    return false;
  }

  private static void text(TextInputControl field, StringProperty property) {
    field.textProperty().bindBidirectional(property);
  }

  private static void editableCombo(ComboBox<String> box, StringProperty property) {
    box.getEditor().textProperty().bindBidirectional(property);
    box.valueProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null && !now.equals(property.get())) {
                property.set(now);
              }
            });
  }

  /** The field's problems beside it; the field itself marked red while there are any. */
  private void problem(Label label, String field, Node control) {
    label.textProperty().bind(model.problemProperty(field));
    visible(label, model.problemProperty(field).isNotEmpty());
    if (control != null) {
      model
          .problemProperty(field)
          .addListener(
              (o, was, now) ->
                  control.pseudoClassStateChanged(Styles.STATE_DANGER, !now.isEmpty()));
    }
  }

  private void renderTags() {
    tagChips.getChildren().retainAll(tagInput);
    int i = 0;
    for (String tag : model.tags()) {
      Label chip = new Label(tag);
      chip.getStyleClass().add("chip");
      Button remove = new Button(null, new FontIcon(Feather.X));
      remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "chip-remove");
      remove.setTooltip(new Tooltip("Remove " + tag));
      remove.setOnAction(e -> model.tags().remove(tag));
      chip.setGraphic(remove);
      chip.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
      tagChips.getChildren().add(i++, chip);
    }
  }

  private void renderRows(VBox box, ObservableList<KeyValueRow> rows, boolean args) {
    box.getChildren().clear();
    for (KeyValueRow row : rows) {
      TextField key = new TextField();
      key.setPromptText(args ? "NAME" : "key");
      key.textProperty().bindBidirectional(row.keyProperty());
      key.setPrefColumnCount(14);
      TextField value = new TextField();
      value.setPromptText(args ? "value" : "value");
      value.textProperty().bindBidirectional(row.valueProperty());
      HBox.setHgrow(value, Priority.ALWAYS);
      HBox line = new HBox(6, key, value);
      line.setAlignment(Pos.CENTER_LEFT);
      if (args) {
        CheckBox env = new CheckBox("from environment");
        env.selectedProperty().bindBidirectional(row.fromEnvironmentProperty());
        env.setTooltip(
            new Tooltip("Take the value from the environment when the build runs (NAME alone)"));
        value.disableProperty().bind(env.selectedProperty());
        line.getChildren().add(env);
      }
      Button remove = new Button(null, new FontIcon(Feather.X));
      remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
      remove.setTooltip(new Tooltip("Remove this row"));
      remove.setOnAction(e -> rows.remove(row));
      line.getChildren().add(remove);
      box.getChildren().add(line);
    }
  }

  private void renderOffered() {
    offeredArgs.getChildren().clear();
    for (DockerfileOutline.Arg arg : model.offeredArgs()) {
      Button add =
          new Button(
              arg.name() + arg.defaultValue().map(v -> "=" + v).orElse(""),
              new FontIcon(Feather.PLUS));
      add.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED, "offered-arg");
      add.setTooltip(new Tooltip("Add the Dockerfile's ARG " + arg.name()));
      add.setOnAction(e -> model.addDeclaredArg(arg));
      offeredArgs.getChildren().add(add);
    }
    boolean any = !model.offeredArgs().isEmpty();
    offeredArgsLabel.setVisible(any);
    offeredArgsLabel.setManaged(any);
  }

  private void renderRegistries() {
    registryGrid.getChildren().clear();
    List<RegistryRow> rows = model.registries();
    if (rows.isEmpty()) {
      return;
    }
    String[] head = {"Registry", "Credential from", "User"};
    for (int c = 0; c < head.length; c++) {
      Label h = new Label(head[c]);
      h.getStyleClass().add("registry-head");
      registryGrid.add(h, c, 0);
    }
    int r = 1;
    for (RegistryRow row : rows) {
      Label name = new Label(row.registry());
      name.getStyleClass().add("registry-name");
      registryGrid.add(name, 0, r);
      registryGrid.add(new Label(row.source()), 1, r);
      registryGrid.add(new Label(row.user().isEmpty() ? "—" : row.user()), 2, r);
      r++;
    }
  }

  private static void visible(Node node, ObservableBooleanValue when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }

  // ---------------------------------------------------------------------------------------
  // Actions

  @FXML
  private void save() {
    onSave.run();
  }

  @FXML
  private void newProfile() {
    onNew.run();
  }

  @FXML
  private void addBuildArg() {
    model.addBuildArg();
    focusLast(buildArgRows);
  }

  @FXML
  private void addLabel() {
    model.addLabel();
    focusLast(labelRows);
  }

  private static void focusLast(VBox rows) {
    if (!rows.getChildren().isEmpty()
        && rows.getChildren().get(rows.getChildren().size() - 1) instanceof HBox line
        && !line.getChildren().isEmpty()) {
      line.getChildren().get(0).requestFocus();
    }
  }

  @FXML
  private void browseContext() {
    if (model.contextKindProperty().get() == ContextKind.TAR) {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Choose the context archive");
      chooser
          .getExtensionFilters()
          .add(
              new FileChooser.ExtensionFilter(
                  "Tar archives", "*.tar", "*.tar.gz", "*.tgz", "*.tar.bz2", "*.tar.xz"));
      File f = chooser.showOpenDialog(editorRoot.getScene().getWindow());
      if (f != null) {
        model.contextLocationProperty().set(f.getAbsolutePath());
      }
      return;
    }
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Choose the build context folder");
    File dir = chooser.showDialog(editorRoot.getScene().getWindow());
    if (dir != null) {
      model.contextLocationProperty().set(dir.getAbsolutePath());
    }
  }

  @FXML
  private void browseDockerfile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Choose the Dockerfile");
    String location = model.contextLocationProperty().get();
    Path root = null;
    if (model.contextKindProperty().get() == ContextKind.FOLDER
        && location != null
        && !location.isBlank()) {
      try {
        root = Path.of(location.strip());
        chooser.setInitialDirectory(root.toFile());
      } catch (RuntimeException e) {
        root = null;
      }
    }
    File f;
    try {
      f = chooser.showOpenDialog(editorRoot.getScene().getWindow());
    } catch (IllegalArgumentException e) {
      // The context folder does not exist (yet): start from the default place.
      chooser.setInitialDirectory(null);
      f = chooser.showOpenDialog(editorRoot.getScene().getWindow());
    }
    if (f == null) {
      return;
    }
    Path p = f.toPath().toAbsolutePath();
    model
        .dockerfilePathProperty()
        .set(
            root != null && p.startsWith(root.toAbsolutePath())
                ? root.toAbsolutePath().relativize(p).toString().replace('\\', '/')
                : p.toString());
  }
}
