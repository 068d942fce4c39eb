package dev.fieldcrypt.cli.options;

import picocli.CommandLine.Option;

/** {@code --yes}, for commands that ask before they change or delete anything. */
public final class ConfirmOptions {
  @Option(
      names = {"-y", "--yes"},
      description =
          "Confirm without asking. Needed when there is no terminal (scripts, CI), where the"
              + " command otherwise refuses to run.")
  public boolean yes;
}
