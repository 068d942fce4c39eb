package dev.fieldcrypt.db;

import dev.fieldcrypt.core.FieldcryptException;

/**
 * {@link FieldcryptSchema#migrate(javax.sql.DataSource)} could not bring fieldcrypt's job tables up
 * to date. Unchecked. The message names the schema and history table, what went wrong and the
 * remedy; the cause is Flyway's exception with its full detail. Part of the one hierarchy rooted at
 * {@link FieldcryptException}.
 */
public class FieldcryptSchemaException extends FieldcryptException {
  private static final long serialVersionUID = 1L;

  public FieldcryptSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
