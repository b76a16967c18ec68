package io.slipway.app.profiles;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One editable row of the build args or labels table. For a build arg, {@code fromEnvironment}
 * means "NAME alone": the value comes from the environment when the build runs.
 */
public final class KeyValueRow {
  private final StringProperty key = new SimpleStringProperty(this, "key", "");
  private final StringProperty value = new SimpleStringProperty(this, "value", "");
  private final BooleanProperty fromEnvironment = new SimpleBooleanProperty(this, "env", false);

  public KeyValueRow(String key, String value, boolean fromEnvironment) {
    this.key.set(key);
    this.value.set(value);
    this.fromEnvironment.set(fromEnvironment);
  }

  public StringProperty keyProperty() {
    return key;
  }

  public StringProperty valueProperty() {
    return value;
  }

  public BooleanProperty fromEnvironmentProperty() {
    return fromEnvironment;
  }
}
