package dev.fieldcrypt.cli;

/**
 * A command stops with a message for the operator and a chosen exit code. The message is one line
 * naming the remedy; {@link ErrorHandler} prints it.
 */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CommandFailedException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
