package dev.fieldcrypt.cli;

/** The process exit codes of {@code fieldcrypt}, the same for every command. */
public final class ExitCodes {
  /** The command did what was asked (for {@code validate-config}: the keyring is valid). */
  public static final int OK = 0;

  /** The command failed, or found problems, or was not confirmed at the prompt. */
  public static final int FAILURE = 1;

  /**
   * The command line was wrong: unknown command or option, a missing or invalid value, or a
   * confirmation needed without a terminal to ask on and without {@code --yes}.
   */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
