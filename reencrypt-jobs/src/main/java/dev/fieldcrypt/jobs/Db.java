package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** Borrowing connections, transactions and the few SQL differences between databases. */
final class Db {
  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface SqlAction {
    void apply(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final boolean postgres;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
    try (Connection c = dataSource.getConnection()) {
      this.postgres =
          c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    } catch (SQLException e) {
      throw failure("cannot connect to the database", e);
    }
  }

  boolean isPostgres() {
    return postgres;
  }

  /**
   * Suffix of a claim query: PostgreSQL skips rows other workers hold locked, so claims never wait;
   * elsewhere a plain row lock (the compare-and-set on the epoch keeps claims exclusive anyway).
   */
  String limitOneForUpdate() {
    return postgres ? " LIMIT 1 FOR UPDATE SKIP LOCKED" : " LIMIT 1 FOR UPDATE";
  }

  Connection open() throws SQLException {
    return dataSource.getConnection();
  }

  <T> T call(SqlFunction<T> fn) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return fn.apply(c);
    } catch (SQLException e) {
      throw failure("database error", e);
    }
  }

  void run(SqlAction fn) {
    call(
        c -> {
          fn.apply(c);
          return null;
        });
  }

  <T> T inTransaction(SqlFunction<T> fn) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = fn.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("database error", e);
    }
  }

  /**
   * A job failure from a database error: what was being done, the SQLState and its explanation.
   * Never the driver's message, which quotes the statement and its values (see {@link SqlErrors}).
   */
  static ReencryptJobException failure(String what, SQLException e) {
    return new ReencryptJobException(
        what + ": " + SqlErrors.describe(e) + ".", SqlErrors.sanitized(e));
  }
}
