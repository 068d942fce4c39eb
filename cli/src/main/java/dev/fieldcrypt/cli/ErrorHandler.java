package dev.fieldcrypt.cli;

import dev.fieldcrypt.core.FieldcryptException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns an exception into what the operator sees and the exit code: a single
 * {@code error: …} line on stderr, plus the stack trace only with {@code --verbose}.
 *
 * <ul>
 *   <li>bad usage (picocli's {@link ParameterException}, also when a command throws one) → {@link
 *       ExitCodes#USAGE};
 *   <li>{@link CommandFailedException} → its own code;
 *   <li>{@link FieldcryptException} (keyring problems and job failures, whose messages name the
 *       remedy) (schema migration failures included) and I/O errors → {@link ExitCodes#FAILURE};
 *   <li>anything else → {@link ExitCodes#FAILURE}, as an unexpected error.
 * </ul>
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  public static final String VERBOSE = "--verbose";

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        "error: "
            + usageMessage(ex)
            + " See '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println("error: " + message(ex));
    if (isVerbose(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode(ex);
  }

  public static int exitCode(Throwable ex) {
    if (ex instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    if (ex instanceof CommandFailedException c) {
      return c.exitCode();
    }
    return ExitCodes.FAILURE;
  }

  /** The one-line message for {@code ex}. */
  public static String message(Throwable ex) {
    if (ex instanceof FieldcryptException
        || ex instanceof CommandFailedException
        || ex instanceof ParameterException) {
      return oneLine(ex.getMessage());
    }
    if (ex instanceof UncheckedIOException || ex instanceof IOException) {
      Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
      return "I/O error ("
          + io.getClass().getSimpleName()
          + ": "
          + oneLine(io.getMessage())
          + "); check the path and its permissions.";
    }
    return "unexpected "
        + ex.getClass().getSimpleName()
        + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage()))
        + ". Rerun with --verbose for the stack trace and report it.";
  }

  private static String usageMessage(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      boolean topLevel = ex.getCommandLine().getParent() == null;
      String what =
          first.startsWith("-")
              ? "unknown option '" + first + "'"
              : topLevel
                  ? "unknown command '" + first + "'"
                  : "unexpected argument '" + first + "'";
      if (!u.getSuggestions().isEmpty()) {
        what += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
      }
      return what + ".";
    }
    String m = oneLine(ex.getMessage());
    return m.endsWith(".") ? m : m + ".";
  }

  private static boolean isVerbose(ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption(VERBOSE);
  }

  public static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
