package dev.fieldcrypt.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code fieldcrypt} command: {@code java -jar fieldcrypt.jar <command> [options]}.
 *
 * <p>Exit codes are in {@link ExitCodes}: 0 success, 1 failure, 2 bad usage. Errors are one line on
 * stderr ({@link ErrorHandler}); {@code --verbose} adds the stack trace. Every command takes {@code
 * --logfile}, {@code --verbose} and {@code --help}; commands that change files ask first unless
 * {@code --yes}. Output and logs never hold key material.
 *
 * <p>Tests call {@link #run(PrintWriter, PrintWriter, String...)}, which returns the exit code
 * instead of exiting.
 */
@Command(
    name = "fieldcrypt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Manage fieldcrypt encryption keys (and, later, re-encryption jobs).",
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 bad usage.",
      "Run 'fieldcrypt COMMAND --help' for the options of a command."
    },
    subcommands = {
      GenerateCommand.class,
      ListCommand.class,
      RotateCommand.class,
      BackupConfigCommand.class,
      RestoreConfigCommand.class,
      RemoveVersionsCommand.class,
      ValidateConfigCommand.class,
      HelpCommand.class
    })
public final class FieldcryptCli implements Runnable {
  private final CliContext context;

  @Spec CommandSpec spec;

  FieldcryptCli(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "no command given");
  }

  /** Runs {@code fieldcrypt} and exits with its exit code. */
  public static void main(String... args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
    System.exit(run(out, err, args));
  }

  /**
   * Runs one command with this process's terminal, environment and clock, printing to {@code out}
   * and {@code err}.
   *
   * @return the exit code (see {@link ExitCodes})
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CliContext.system(), out, err, args);
  }

  static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    try {
      return commandLine(context, out, err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
    ErrorHandler errors = new ErrorHandler();
    return new CommandLine(new FieldcryptCli(context))
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .setAbbreviatedOptionsAllowed(false)
        .setUsageHelpAutoWidth(true);
  }
}
