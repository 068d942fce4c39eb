package dev.fieldcrypt.core;

/**
 * A library call was given an argument it cannot accept: {@code null} where a value is required, a
 * number out of its range, an empty name. A programming error, not a configuration problem (that is
 * {@link KeyringConfigException}); the message names the parameter, the value when it is not
 * secret, and what is accepted.
 *
 * <pre>{@code
 * ColumnContext.of("users", "");   // InvalidArgumentException: table and column must be non-empty
 * }</pre>
 */
public class InvalidArgumentException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    super(message);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
