package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CliContext;
import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ErrorHandler;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.FieldcryptCli;
import dev.fieldcrypt.cli.options.CommonOptions;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.JdbcUrls;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.output.LogSession;
import dev.fieldcrypt.cli.output.Terminal;
import dev.fieldcrypt.cli.output.Ui;
import dev.fieldcrypt.core.KeyringChange;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the common options, a {@link LogSession} around the run (start and
 * end lines, failures), the output, audit lines and confirmation prompts. A subcommand parses its
 * options and calls the library in {@link #execute()}; errors are thrown and {@link ErrorHandler}
 * turns them into the one-line message and the exit code.
 *
 * <p>To add a command (say {@code reencrypt}): a class extending this one, annotated
 * {@code @Command(name = "reencrypt", description = …)}, with the mixins it needs ({@link
 * KeyringOptions}, {@link DatabaseOptions}, {@link ConfirmOptions}, …), listed in {@link
 * FieldcryptCli}'s subcommands.
 */
public abstract class BaseCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BaseCommand.class);

  @Spec CommandSpec spec;

  @ParentCommand FieldcryptCli root;

  @Mixin CommonOptions common;

  private Ui ui;
  private LogSession session;

  /** Does the work; returns the exit code or throws. */
  protected abstract int execute();

  @Override
  public final Integer call() {
    long start = System.nanoTime();
    try (LogSession s = LogSession.open(spec.name(), common, context().clock(), err())) {
      session = s;
      ui = new Ui(spec.commandLine().getOut());
      log.info(
          "fieldcrypt {} started, operation {}, arguments {}",
          spec.name(),
          s.operationId(),
          // A JDBC URL may carry a password (?password=…); it must not reach the log.
          spec.commandLine().getParseResult().originalArgs().stream()
              .map(JdbcUrls::redact)
              .toList());
      try {
        int code = execute();
        log.info("fieldcrypt {} finished: exit {} in {} ms", spec.name(), code, millis(start));
        return code;
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(LogSession.OUTPUT_LOGGER)
            .error("error: {} (exit {})", ErrorHandler.message(e), ErrorHandler.exitCode(e), e);
        throw e;
      } finally {
        spec.commandLine().getOut().flush();
      }
    }
  }

  protected final CliContext context() {
    return root.context();
  }

  protected final Ui ui() {
    return ui;
  }

  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * Warns when the environment sets keyring variables, which override the file this command just
   * rewrote: {@code remedy} says what to change there too.
   */
  protected final void warnAboutKeyringOverrides(String remedy) {
    List<String> names = KeyringOptions.overrides(context().environment());
    if (!names.isEmpty()) {
      ui().warn(
              "the environment sets "
                  + String.join(", ", names)
                  + ", which override the stored keyring; "
                  + remedy);
    }
  }

  /** Says where the keyring a write replaced can be restored from, when it can. */
  protected final void okPrevious(KeyringStore store, KeyringChange change) {
    String line = store.previousLine(change);
    if (line != null) {
      ui().ok(line);
    }
  }

  /** See {@link LogSession#audit}. */
  protected final void audit(String action, Object... keyValues) {
    session.audit(action, keyValues);
  }

  /**
   * Asks {@code question} on the terminal unless {@code --yes} was given.
   *
   * @throws CommandFailedException with {@link ExitCodes#USAGE} when there is no terminal, and with
   *     {@link ExitCodes#FAILURE} when the answer is not yes
   */
  protected final void confirm(ConfirmOptions options, String question) {
    if (options.yes) {
      log.info("confirmed by --yes: {}", question);
      return;
    }
    Terminal terminal = context().terminal();
    if (terminal == null) {
      throw noTerminal();
    }
    String answer = terminal.readLine(question + " [y/N]: ");
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw new CommandFailedException(ExitCodes.FAILURE, "not confirmed; nothing was changed.");
    }
    log.info("confirmed at the prompt: {}", question);
  }

  /**
   * Refuses at once, before any work, when {@link #confirm} would have to ask and cannot: no
   * terminal and no {@code --yes}.
   *
   * @throws CommandFailedException with {@link ExitCodes#USAGE}
   */
  protected final void requireConfirmable(ConfirmOptions options) {
    if (!options.yes && context().terminal() == null) {
      throw noTerminal();
    }
  }

  private CommandFailedException noTerminal() {
    return new CommandFailedException(
        ExitCodes.USAGE,
        "'fieldcrypt "
            + spec.name()
            + "' asks before it changes anything and there is no terminal to ask on; rerun"
            + " with --yes to confirm.");
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
