package dev.fieldcrypt.cli;

import dev.fieldcrypt.cli.commands.ActivateCommand;
import dev.fieldcrypt.cli.commands.BackupConfigCommand;
import dev.fieldcrypt.cli.commands.CancelJobCommand;
import dev.fieldcrypt.cli.commands.ChangeMasterKeyCommand;
import dev.fieldcrypt.cli.commands.CleanupJobsCommand;
import dev.fieldcrypt.cli.commands.CleanupKeysCommand;
import dev.fieldcrypt.cli.commands.DecryptKeyringCommand;
import dev.fieldcrypt.cli.commands.EncryptKeyringCommand;
import dev.fieldcrypt.cli.commands.GenerateCommand;
import dev.fieldcrypt.cli.commands.IndexSizeCommand;
import dev.fieldcrypt.cli.commands.ListCommand;
import dev.fieldcrypt.cli.commands.ListJobsCommand;
import dev.fieldcrypt.cli.commands.PauseJobCommand;
import dev.fieldcrypt.cli.commands.ReencryptCommand;
import dev.fieldcrypt.cli.commands.RemoveVersionsCommand;
import dev.fieldcrypt.cli.commands.RestoreConfigCommand;
import dev.fieldcrypt.cli.commands.RotateCommand;
import dev.fieldcrypt.cli.commands.StatsCommand;
import dev.fieldcrypt.cli.commands.ValidateConfigCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * --logfile}, {@code --verbose} and {@code --help}; commands that change files or data ask first
 * unless {@code --yes}. Database commands take {@code --jdbc-url} and read the password from the
 * environment or a file. Output and logs never hold key material, values or passwords.
 *
 * <p>Tests call {@link #run(PrintWriter, PrintWriter, String...)}, which returns the exit code
 * instead of exiting.
 */
@Command(
    name = "fieldcrypt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "Manage fieldcrypt encryption keys and the jobs that re-encrypt data to them.",
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 bad usage.",
      "Run 'fieldcrypt COMMAND --help' for the options of a command."
    },
    subcommands = {
      GenerateCommand.class,
      ListCommand.class,
      RotateCommand.class,
      ActivateCommand.class,
      BackupConfigCommand.class,
      RestoreConfigCommand.class,
      RemoveVersionsCommand.class,
      ValidateConfigCommand.class,
      EncryptKeyringCommand.class,
      DecryptKeyringCommand.class,
      ChangeMasterKeyCommand.class,
      ReencryptCommand.class,
      ListJobsCommand.class,
      PauseJobCommand.class,
      CancelJobCommand.class,
      CleanupJobsCommand.class,
      StatsCommand.class,
      CleanupKeysCommand.class,
      IndexSizeCommand.class,
      HelpCommand.class
    })
public final class FieldcryptCli implements Runnable {
  private final CliContext context;
  private final CountDownLatch done = new CountDownLatch(1);

  @Spec CommandSpec spec;

  public FieldcryptCli(CliContext context) {
    this.context = context;
  }

  public CliContext context() {
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

  public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine(context, out, err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
      ((FieldcryptCli) commandLine.getCommand()).done.countDown();
    }
  }

  /**
   * Waits until the command has printed its last line (its error line too). A shutdown hook that
   * stops work on Ctrl-C waits for this, so that the JVM does not exit before the operator has been
   * told where things stand.
   */
  public boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
    return done.await(timeout, unit);
  }

  public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
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
