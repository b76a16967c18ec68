package io.slipway.app.settings;

import io.slipway.app.settings.SettingsViewModel.EngineMode;
import java.io.File;
import java.util.Objects;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** Binds the Settings dialog's controls to {@link SettingsViewModel}. */
public final class SettingsController {
  private final SettingsViewModel model;
  private Runnable onPrune = () -> {};

  @FXML private VBox settingsRoot;
  @FXML private ToggleGroup modeGroup;
  @FXML private RadioButton defaultRadio;
  @FXML private RadioButton contextRadio;
  @FXML private RadioButton hostRadio;
  @FXML private ComboBox<String> contextBox;
  @FXML private TextField hostField;
  @FXML private TextField tlsField;
  @FXML private Button tlsBrowseButton;
  @FXML private Label warningLabel;
  @FXML private Label problemLabel;
  @FXML private ComboBox<Settings.ThemeChoice> themeBox;
  @FXML private javafx.scene.control.Spinner<Integer> retentionSpinner;
  @FXML private Button pruneButton;

  public SettingsController(SettingsViewModel model) {
    this.model = Objects.requireNonNull(model);
  }

  public Node root() {
    return settingsRoot;
  }

  public void setOnPrune(Runnable onPrune) {
    this.onPrune = Objects.requireNonNull(onPrune);
  }

  @FXML
  private void initialize() {
    defaultRadio.setUserData(EngineMode.DEFAULT);
    contextRadio.setUserData(EngineMode.CONTEXT);
    hostRadio.setUserData(EngineMode.HOST);
    modeGroup
        .selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                model.modeProperty().set((EngineMode) now.getUserData());
              }
            });
    model.modeProperty().addListener((o, was, now) -> showMode(now));
    showMode(model.modeProperty().get());
    contextBox.setItems(model.contexts());
    contextBox.getEditor().textProperty().bindBidirectional(model.contextNameProperty());
    contextBox
        .valueProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                model.contextNameProperty().set(now);
              }
            });
    contextBox.disableProperty().bind(contextRadio.selectedProperty().not());
    hostField.textProperty().bindBidirectional(model.hostProperty());
    hostField.disableProperty().bind(hostRadio.selectedProperty().not());
    tlsField.textProperty().bindBidirectional(model.tlsCertDirProperty());
    tlsField.disableProperty().bind(hostRadio.selectedProperty().not());
    tlsBrowseButton.disableProperty().bind(hostRadio.selectedProperty().not());
    warningLabel.textProperty().bind(model.warningProperty());
    visible(warningLabel, model.warningProperty().isNotEmpty());
    problemLabel.textProperty().bind(model.problemProperty());
    visible(problemLabel, model.problemProperty().isNotEmpty());
    themeBox.getItems().setAll(Settings.ThemeChoice.values());
    themeBox.valueProperty().bindBidirectional(model.themeProperty());
    var retention =
        new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(
            1, Settings.MAX_HISTORY_RETENTION, model.historyRetentionProperty().get());
    retentionSpinner.setValueFactory(retention);
    retentionSpinner.setEditable(true);
    retention.valueProperty().bindBidirectional(model.historyRetentionProperty());
  }

  private void showMode(EngineMode mode) {
    RadioButton r =
        switch (mode) {
          case DEFAULT -> defaultRadio;
          case CONTEXT -> contextRadio;
          case HOST -> hostRadio;
        };
    if (!r.isSelected()) {
      r.setSelected(true);
    }
  }

  private static void visible(Node node, ObservableBooleanValue when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }

  @FXML
  private void chooseTlsDir() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Choose the TLS certificate folder");
    File dir = chooser.showDialog(settingsRoot.getScene().getWindow());
    if (dir != null) {
      model.tlsCertDirProperty().set(dir.getAbsolutePath());
    }
  }

  @FXML
  private void prune() {
    onPrune.run();
  }
}
