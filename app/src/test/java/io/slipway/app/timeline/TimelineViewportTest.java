package io.slipway.app.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimelineViewportTest {

  @Test
  void fitShowsTheWholeSpanWithRoomOnEitherSide() {
    TimelineViewport v = new TimelineViewport();
    v.setSize(1000, 400);
    v.fit(10_000);
    assertThat(v.x(0)).isGreaterThan(0);
    assertThat(v.x(10_000)).isLessThan(1000);
    assertThat(v.ms(v.x(4_321))).isCloseTo(4_321, within(1e-6));
  }

  @Test
  void zoomKeepsTheTimeUnderThePointerInPlace() {
    TimelineViewport v = new TimelineViewport();
    v.setSize(1000, 400);
    v.fit(10_000);
    double at = v.ms(300);
    v.zoomAt(300, 4);
    assertThat(v.ms(300)).isCloseTo(at, within(1e-6));
    assertThat(v.pxPerMs()).isCloseTo(4 * 920.0 / 10_000, within(1e-9));
    v.panBy(100);
    assertThat(v.ms(400)).isCloseTo(at, within(1e-6));
    for (int i = 0; i < 100; i++) {
      v.zoomAt(0, 10);
    }
    assertThat(v.pxPerMs()).isEqualTo(TimelineViewport.MAX_PX_PER_MS);
  }

  @Test
  void onlyTheVisibleRowsOfAThousandArePainted() {
    TimelineViewport v = new TimelineViewport();
    v.setRowHeight(24);
    v.setSize(800, 240);
    v.setRows(1000);
    assertThat(v.firstVisibleRow()).isZero();
    assertThat(v.lastVisibleRow()).isEqualTo(9);
    v.scrollBy(24 * 500 + 12);
    assertThat(v.firstVisibleRow()).isEqualTo(500);
    assertThat(v.lastVisibleRow()).isEqualTo(510);
    assertThat(v.rowAt(0)).isEqualTo(500);
    v.scrollBy(1e9);
    assertThat(v.scrollY()).isEqualTo(24 * 1000 - 240);
    assertThat(v.lastVisibleRow()).isEqualTo(999);
    v.reveal(3);
    assertThat(v.firstVisibleRow()).isEqualTo(3);
    assertThat(v.rowAt(-1)).isEqualTo(-1);
  }

  @Test
  void ticksAreRoundAndReadable() {
    TimelineViewport v = new TimelineViewport();
    v.setSize(1000, 100);
    v.fit(10_000);
    assertThat(v.tickStepMs(90)).isEqualTo(1000);
    assertThat(TimelineViewport.tickLabel(0, 1000)).isEqualTo("0s");
    assertThat(TimelineViewport.tickLabel(250, 50)).isEqualTo("250ms");
    assertThat(TimelineViewport.tickLabel(1500, 500)).isEqualTo("1.5s");
    assertThat(TimelineViewport.tickLabel(120_000, 60_000)).isEqualTo("2m");
    assertThat(TimelineViewport.tickLabel(90_000, 30_000)).isEqualTo("1m 30s");
    assertThat(TimelineViewport.tickLabel(3_900_000, 300_000)).isEqualTo("1h 05m");
  }

  @Test
  void longNamesAreCutWithAnEllipsis() {
    assertThat(TimelineCanvas.ellipsize("RUN make all", 100, 10)).isEqualTo("RUN make …");
    assertThat(TimelineCanvas.ellipsize("RUN", 100, 10)).isEqualTo("RUN");
  }
}
