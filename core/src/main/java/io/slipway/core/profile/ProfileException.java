package io.slipway.core.profile;

import io.slipway.core.SlipwayException;
import java.util.List;
import java.util.stream.Collectors;

/** A profile that cannot be saved or used, with every problem found (one per line). */
public class ProfileException extends SlipwayException {

  private final List<ProfileProblem> problems;

  public ProfileException(List<ProfileProblem> problems) {
    super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ProfileException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public ProfileException(String field, String message) {
    this(List.of(new ProfileProblem(field, message)));
  }

  public List<ProfileProblem> problems() {
    return problems;
  }

  /** Throws when there is any problem. */
  public static void throwIfAny(List<ProfileProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ProfileException(problems);
    }
  }
}
