package io.slipway.app.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.build.AnsiText.Run;
import org.junit.jupiter.api.Test;

class AnsiTextTest {

  @Test
  void plainTextIsOneDefaultRun() {
    assertThat(AnsiText.parse("hello")).containsExactly(new Run("hello", -1, false));
    assertThat(AnsiText.parse("")).isEmpty();
  }

  @Test
  void coloursBoldAndResets() {
    assertThat(AnsiText.parse("a\u001b[31mred\u001b[0m b \u001b[1;92mok\u001b[22m!"))
        .containsExactly(
            new Run("a", -1, false),
            new Run("red", 1, false),
            new Run(" b ", -1, false),
            new Run("ok", 2, true),
            new Run("!", 2, false));
  }

  @Test
  void extendedColoursMapToTheNearestOfEight() {
    assertThat(AnsiText.parse("\u001b[38;5;196mx")).containsExactly(new Run("x", 1, false));
    assertThat(AnsiText.parse("\u001b[38;2;0;200;0mx")).containsExactly(new Run("x", 2, false));
    assertThat(AnsiText.parse("\u001b[48;5;21mx")).containsExactly(new Run("x", -1, false));
  }

  @Test
  void otherSequencesAndCarriageReturnsAreDropped() {
    assertThat(AnsiText.strip("\u001b[2K\u001b[1Gprogress 50%\r")).isEqualTo("progress 50%");
    assertThat(AnsiText.strip("\u001b]0;title\u0007text")).isEqualTo("text");
    assertThat(AnsiText.strip("cut \u001b[3")).isEqualTo("cut ");
  }
}
