package io.slipway.app.history;

import io.slipway.app.main.DurationFormat;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.HistoryEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One row of the history list, with its texts made once.
 *
 * @param when "Today 10:04", "Yesterday 18:22", "2 Mar 2026 10:04"
 * @param ago "3 min ago", "2 h ago", "5 days ago"
 * @param outcome "Succeeded", "Failed", "Cancelled"
 * @param duration "12.4s"
 * @param cached "3 of 7 cached", "no steps"
 */
public record HistoryItem(
    HistoryEntry entry, String when, String ago, String outcome, String duration, String cached) {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

  public static HistoryItem of(HistoryEntry e, Clock clock) {
    ZoneId zone = clock.getZone();
    ZonedDateTime at = e.start().atZone(zone);
    LocalDate today = LocalDate.now(clock);
    String when;
    if (at.toLocalDate().equals(today)) {
      when = "Today " + TIME.format(at);
    } else if (at.toLocalDate().equals(today.minusDays(1))) {
      when = "Yesterday " + TIME.format(at);
    } else {
      when = DATE.format(at);
    }
    return new HistoryItem(
        e,
        when,
        ago(Duration.between(e.start(), clock.instant())),
        outcome(e.status()),
        DurationFormat.format(e.wallTime()),
        e.steps() == 0 ? "no steps" : e.cachedSteps() + " of " + e.steps() + " cached");
  }

  static String outcome(BuildStatus s) {
    return switch (s) {
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
      case CANCELLED -> "Cancelled";
    };
  }

  static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return "just now";
    }
    if (s < 3600) {
      return (s / 60) + " min ago";
    }
    if (s < 86_400) {
      return (s / 3600) + " h ago";
    }
    long days = s / 86_400;
    return days + (days == 1 ? " day ago" : " days ago");
  }

  /** "Today 10:04 · 12.4s": how a build is named in the comparison. */
  public String label() {
    return when + " · " + duration;
  }
}
