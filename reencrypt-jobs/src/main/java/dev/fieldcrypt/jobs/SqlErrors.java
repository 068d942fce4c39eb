package dev.fieldcrypt.jobs;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * What may be said about a database error. A driver's message quotes the statement, often with its
 * values (PostgreSQL's "Failing row contains (…)", MariaDB's "Data too long … at row 1", H2's whole
 * SQL with the literals), so it never reaches an exception message, a log line or a job table: only
 * the SQLState, the vendor code and an explanation of the SQLState's class.
 */
final class SqlErrors {
  private SqlErrors() {}

  /** {@code "SQLState 22001, value too long for the column (vendor code 0)"}; never driver text. */
  static String describe(SQLException e) {
    String state = e.getSQLState();
    return "SQLState "
        + (state == null ? "unknown" : state)
        + ", "
        + explain(state)
        + (e.getErrorCode() != 0 ? " (vendor code " + e.getErrorCode() + ")" : "");
  }

  /**
   * A copy of {@code e} (and of its chain of next exceptions and causes, as far as they are
   * SQLExceptions) whose messages are {@link #describe}'s, with the original stack traces: what may
   * travel as the cause of a library exception, to a stack trace printed with {@code --verbose} or
   * a log.
   */
  static SQLException sanitized(SQLException e) {
    SQLException copy = new SQLException(describe(e), e.getSQLState(), e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    if (e.getCause() instanceof SQLException cause && cause != e) {
      copy.initCause(sanitized(cause));
    }
    return copy;
  }

  /**
   * Whether retrying the transaction may succeed: a deadlock, a serialization failure or a lock
   * that could not be had in time (PostgreSQL 40P01, 40001, 55P03; MariaDB/MySQL 1213, 1205; H2
   * 40001, HYT00).
   */
  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    int code = e.getErrorCode();
    return e instanceof SQLTransientException
        || "40001".equals(state)
        || "40P01".equals(state)
        || "55P03".equals(state)
        || "HYT00".equals(state)
        || code == 1213
        || code == 1205;
  }

  /**
   * Whether {@code e} is a unique or primary-key violation (SQLState 23505 on PostgreSQL and H2;
   * MariaDB/MySQL error 1062 with 23000).
   */
  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
  }

  /** An explanation of the SQLState (its class where the state itself is not known here). */
  static String explain(String state) {
    if (state == null || state.length() < 2) {
      return "a database error without SQLState";
    }
    switch (state) {
      case "22001":
        return "a value is too long for its column: widen the column (see the ciphertext length"
            + " formula in docs/format.md)";
      case "23505":
        return "a unique constraint was violated";
      case "40001":
        return "a serialization failure or deadlock: the transaction was rolled back";
      case "40P01":
        return "a deadlock with another transaction: the transaction was rolled back";
      case "55P03":
        return "a lock could not be had in time";
      case "57014":
        return "the statement was cancelled (a statement timeout or an operator)";
      case "42P01", "42S02", "42102":
        return "a table does not exist";
      case "42703", "42S22", "42122":
        return "a column does not exist";
      case "42501":
        return "the database user lacks a privilege";
      case "HYT00":
        return "a lock or statement timeout";
      default:
        break;
    }
    return switch (state.substring(0, 2)) {
      case "08" -> "the connection failed";
      case "22" -> "a value does not fit its column's type";
      case "23" -> "an integrity constraint was violated";
      case "25" -> "the transaction is in a wrong state";
      case "28" -> "the database refused the credentials";
      case "40" -> "the transaction was rolled back";
      case "42" -> "a syntax error or an access rule (a missing table, column or privilege)";
      case "53" -> "the database is out of a resource (disk, memory, connections)";
      case "54" -> "a program limit of the database was exceeded";
      case "55" -> "an object is not in the state the statement needs (a lock, for example)";
      case "57" -> "an operator or timeout interrupted the statement";
      case "58" -> "a system error of the database";
      default -> "a database error";
    };
  }
}
