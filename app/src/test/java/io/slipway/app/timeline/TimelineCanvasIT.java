package io.slipway.app.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import atlantafx.base.theme.PrimerLight;
import io.slipway.app.bench.UiBench;
import io.slipway.core.timeline.TimelineSnapshot;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The timeline control in a real (headless) window with a 1,000-vertex build: only visible rows are
 * painted, the mouse and the keyboard zoom, pan, fit, scroll and select, and the colours come from
 * the AtlantaFX theme.
 */
class TimelineCanvasIT {
  static Stage stage;
  final FxRobot robot = new FxRobot();
  TimelineCanvas canvas;
  TimelineSnapshot build = UiBench.synthetic(1000);

  @BeforeAll
  static void toolkit() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    FxToolkit.setupFixture(
        () -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
  }

  @BeforeEach
  void show() throws Exception {
    FxToolkit.setupFixture(
        () -> {
          canvas = new TimelineCanvas();
          canvas.snapshotProperty().set(build);
          stage.setScene(new Scene(canvas, 1000, 500));
          stage.show();
          stage.toFront();
        });
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(canvas::paintCount) > 0);
  }

  @AfterEach
  void hide() throws Exception {
    FxToolkit.setupFixture(() -> stage.hide());
  }

  Point2D screen(double x, double y) throws Exception {
    return fx(() -> canvas.localToScreen(x, y));
  }

  @Test
  void showsAThousandRowsPaintingOnlyTheVisibleOnes() throws Exception {
    assertThat(fx(() -> canvas.rows().size())).isEqualTo(1000);
    TimelineViewport v = canvas.viewport();
    assertThat(fx(() -> v.lastVisibleRow() - v.firstVisibleRow() + 1)).isLessThan(25);
    // The colours are the theme's, resolved through timeline.css.
    assertThat(fx(() -> canvas.resolved("-tl-running")))
        .isNotEqualTo(Color.web("#0969da").darker());
    assertThat(fx(() -> canvas.resolved("-tl-background"))).isInstanceOf(Color.class);

    // The wheel scrolls the rows. (Which way, and how far, the robot's wheel turns differs between
    // Monocle and real platforms: at the top, one of the two directions must scroll down.)
    Point2D middle = screen(600, 250);
    robot.moveTo(middle).scroll(10, javafx.geometry.VerticalDirection.DOWN);
    WaitForAsyncUtils.waitForFxEvents();
    if (fx(v::scrollY) == 0) {
      robot.scroll(10, javafx.geometry.VerticalDirection.UP);
      WaitForAsyncUtils.waitForFxEvents();
    }
    assertThat(fx(v::scrollY)).isPositive();
  }

  @Test
  void ctrlScrollZoomsAroundThePointerDragPansAndDoubleClickFits() throws Exception {
    TimelineViewport v = canvas.viewport();
    double fitted = fx(v::pxPerMs);
    double label = fx(() -> canvas.labelWidthProperty().get());
    double x = 300;
    double timeUnder = fx(() -> v.ms(x));

    robot.moveTo(screen(label + x, 200));
    robot
        .press(KeyCode.CONTROL)
        .scroll(5, javafx.geometry.VerticalDirection.UP)
        .release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(v::pxPerMs)).isNotEqualTo(fitted);
    assertThat(fx(() -> v.ms(x)))
        .as("the time under the pointer stays")
        .isCloseTo(timeUnder, within(1.0));

    double start = fx(v::startMs);
    robot.drag(screen(label + 400, 200), MouseButton.PRIMARY).dropTo(screen(label + 200, 200));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(v::startMs)).isGreaterThan(start);

    robot.moveTo(screen(label + 300, 200)).doubleClickOn(MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(v::pxPerMs)).isCloseTo(fitted, within(1e-9));
  }

  @Test
  void clickAndKeysSelectRowsAndKeepTheSelectionInView() throws Exception {
    robot.clickOn(screen(100, TimelineCanvas.AXIS_HEIGHT + TimelineCanvas.ROW_HEIGHT * 2 + 5));
    assertThat(fx(() -> canvas.selectedRowIdProperty().get())).isEqualTo(build.rows().get(2).id());
    robot.type(KeyCode.DOWN);
    assertThat(fx(() -> canvas.selectedRowIdProperty().get())).isEqualTo(build.rows().get(3).id());
    robot.type(KeyCode.END);
    assertThat(fx(() -> canvas.selectedRowIdProperty().get()))
        .isEqualTo(build.rows().get(999).id());
    assertThat(fx(() -> canvas.viewport().lastVisibleRow())).isEqualTo(999);
    robot.type(KeyCode.HOME);
    assertThat(fx(() -> canvas.viewport().firstVisibleRow())).isZero();
    double z = fx(() -> canvas.viewport().pxPerMs());
    robot.type(KeyCode.PLUS);
    assertThat(fx(() -> canvas.viewport().pxPerMs())).isGreaterThan(z);
    robot.type(KeyCode.DIGIT0);
    assertThat(fx(() -> canvas.viewport().pxPerMs())).isCloseTo(z, within(1e-9));
  }

  static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }
}
