package dev.fieldcrypt.core;

import java.util.Locale;

/**
 * The default associated-data context of an encrypted column: {@code table.column}, lower-cased
 * with {@link Locale#ROOT} so that it is the same whichever case the database folds identifiers to.
 * {@code @Encrypted} and the re-encryption jobs both use this rule, so they always agree.
 */
public final class ColumnContext {
  private ColumnContext() {}

  /**
   * {@code "users.otp_secret"} for {@code ("USERS", "OTP_SECRET")}.
   *
   * @throws InvalidArgumentException when the table or the column is null or blank
   */
  public static String of(String table, String column) {
    if (table == null || table.isBlank() || column == null || column.isBlank()) {
      throw new InvalidArgumentException(
          "table and column must be non-empty (got table "
              + (table == null ? "null" : "'" + table + "'")
              + ", column "
              + (column == null ? "null" : "'" + column + "'")
              + ")");
    }
    return (table + "." + column).toLowerCase(Locale.ROOT);
  }
}
