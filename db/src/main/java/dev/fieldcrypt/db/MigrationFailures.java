package dev.fieldcrypt.db;

import static dev.fieldcrypt.db.FieldcryptSchema.HISTORY_TABLE;
import static dev.fieldcrypt.db.FieldcryptSchema.MIGRATION_LOCATION;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;

/** Turns Flyway's exceptions into a {@link FieldcryptSchemaException} that names the remedy. */
final class MigrationFailures {
  private MigrationFailures() {}

  private enum Kind {
    CONNECTION,
    HISTORY_MISMATCH,
    STATEMENT_FAILED,
    OTHER
  }

  /**
   * Whether trying again may succeed. When several processes start on a fresh schema at once, one
   * can create the empty history table while another, now seeing a non-empty schema, tries to
   * baseline it and fails; the next attempt finds the table and waits on Flyway's lock instead.
   * Connection, history and SQL failures are never retried: on databases without transactional DDL
   * (H2) a retried SQL failure would only hide the first error behind a validation error.
   */
  static boolean isRetryable(FlywayException e) {
    return kind(e) == Kind.OTHER;
  }

  static FieldcryptSchemaException translate(FlywayException e) {
    return new FieldcryptSchemaException(message(e), e);
  }

  private static Kind kind(FlywayException e) {
    ErrorCode code = e.getErrorCode();
    if (code == CoreErrorCode.DB_CONNECTION || code == CoreErrorCode.JDBC_DRIVER) {
      return Kind.CONNECTION;
    }
    if (e instanceof FlywayValidateException
        || code == CoreErrorCode.VALIDATE_ERROR
        || code == CoreErrorCode.CHECKSUM_MISMATCH
        || code == CoreErrorCode.DESCRIPTION_MISMATCH
        || code == CoreErrorCode.TYPE_MISMATCH
        || code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED) {
      return Kind.HISTORY_MISMATCH;
    }
    return sqlCause(e) != null ? Kind.STATEMENT_FAILED : Kind.OTHER;
  }

  private static String message(FlywayException e) {
    switch (kind(e)) {
      case CONNECTION:
        return "Cannot connect to the database to create or upgrade fieldcrypt's job tables: "
            + detail(e)
            + ". Check the DataSource's URL, user and password, that its JDBC driver is on the"
            + " classpath, and that the database is running and reachable.";
      case HISTORY_MISMATCH:
        return "fieldcrypt's schema history (table "
            + HISTORY_TABLE
            + ") does not match the migrations in this fieldcrypt-db jar: "
            + detail(e)
            + ". Use the fieldcrypt version that created these tables or a newer one; never edit"
            + " fieldcrypt's migrations or its history table by hand. If an earlier migration"
            + " failed half-way, drop what it created, delete its failed row from "
            + HISTORY_TABLE
            + " (Flyway repair does this), then retry.";
      case STATEMENT_FAILED:
        return "A migration of fieldcrypt's job tables failed: "
            + detail(e)
            + ". If the tables already exist because your own Flyway applies "
            + MIGRATION_LOCATION
            + ", do not also call FieldcryptSchema.migrate (use one or the other); otherwise check"
            + " that the database user may CREATE TABLE and CREATE INDEX in the current schema."
            + " The cause names the script and line.";
      default:
        return "Flyway could not migrate fieldcrypt's job tables (history table "
            + HISTORY_TABLE
            + ", migrations at "
            + MIGRATION_LOCATION
            + "): "
            + detail(e)
            + ". See the cause for Flyway's full report.";
    }
  }

  /**
   * One line of detail. The database's own message when a statement failed (Flyway's wraps it in a
   * multi-line report, and H2's repeats the whole script); Flyway's otherwise, on one line.
   */
  private static String detail(FlywayException e) {
    SQLException sql = sqlCause(e);
    if (sql != null && sql.getMessage() != null) {
      String first = sql.getMessage().strip().lines().findFirst().orElse("");
      first = first.replaceFirst(";\\s*SQL statement:\\s*$", "");
      return trimPeriod(first) + " (SQL state " + sql.getSQLState() + ")";
    }
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return trimPeriod(
        Arrays.stream(text.split("\\R"))
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("Need more flexibility"))
            .collect(Collectors.joining(" ")));
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException) {
        return (SQLException) t;
      }
    }
    return null;
  }

  private static String trimPeriod(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
