package io.slipway.app.profiles;

import io.slipway.app.main.BuildState;
import io.slipway.app.main.DurationFormat;
import io.slipway.core.profile.BuildProfile;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of the profiles sidebar: the profile, whether it is saved yet, and how its last build in
 * this window ended.
 */
public record ProfileItem(BuildProfile profile, boolean saved, Optional<Outcome> last) {

  /** How a build ended and how long it ran. */
  public record Outcome(BuildState state, Duration duration) {
    public Outcome {
      Objects.requireNonNull(state);
      Objects.requireNonNull(duration);
    }

    /** "✓ 41s", "✗ 3.2s", "⊘ 1.0s". */
    public String text() {
      String mark =
          switch (state) {
            case SUCCEEDED -> "✓";
            case FAILED -> "✗";
            case CANCELLED -> "⊘";
            default -> "";
          };
      return (mark + " " + DurationFormat.format(duration)).strip();
    }
  }

  public ProfileItem {
    Objects.requireNonNull(profile);
    Objects.requireNonNull(last);
  }

  public String name() {
    return profile.name();
  }

  /** The context in a few words, for the row's second line. */
  public String subtitle() {
    return subtitle("");
  }

  /** The context in a few words, a folder under {@code home} written "~/…". */
  public String subtitle(String home) {
    if (!saved) {
      return "not saved yet";
    }
    return profile
        .context()
        .map(
            c -> {
              String d = c.describe();
              if (c instanceof io.slipway.core.context.ContextSource.LocalFolder
                  && !home.isEmpty()
                  && (d.equals(home) || d.startsWith(home + java.io.File.separator))) {
                return "~" + d.substring(home.length());
              }
              return d;
            })
        .orElse("no context");
  }

  public ProfileItem withProfile(BuildProfile p, boolean isSaved) {
    return new ProfileItem(p, isSaved, last);
  }

  public ProfileItem withOutcome(Outcome outcome) {
    return new ProfileItem(profile, saved, Optional.of(outcome));
  }
}
