package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldcryptException;

/**
 * A job could not be started, resumed or run: a bad target, a job in the wrong state, a keyring
 * whose active version is not the job's target, a database failure. The message names the job, the
 * target and the remedy; never a value or a key.
 */
public class ReencryptJobException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public ReencryptJobException(String message) {
    super(message);
  }

  public ReencryptJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
