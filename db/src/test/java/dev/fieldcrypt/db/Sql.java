package dev.fieldcrypt.db;

import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Small JDBC helpers for the tests; plain SQL against the real database. */
final class Sql {
  private Sql() {}

  /** Lower-cased names of the tables in the connection's current schema. */
  static Set<String> tables(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      DatabaseMetaData meta = c.getMetaData();
      Set<String> names = new TreeSet<>();
      try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      return names;
    }
  }

  static String currentSchema(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      return c.getSchema();
    }
  }

  /** Each row of the result as a list of its column values rendered with toString. */
  static List<List<String>> rows(TestDatabase db, String query) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(value == null ? null : value.toString());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  static long count(TestDatabase db, String table) throws SQLException {
    return Long.parseLong(rows(db, "SELECT COUNT(*) FROM " + table).get(0).get(0));
  }

  /** Runs one statement, letting its SQLException through so tests can inspect it. */
  static void update(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /** Inserts and returns the generated id (the first generated column on both databases). */
  static long insert(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Frees what a test created: drops the isolated PostgreSQL schema, shuts the private H2 down. */
  static void dispose(TestDatabase db) throws SQLException {
    if (db == null) {
      return;
    }
    if (db.isPostgres()) {
      String schema = currentSchema(db);
      // Only ever the schema isolatedSchema("db") made for this test, never public or another.
      if (schema != null && schema.startsWith("db_")) {
        db.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    } else {
      db.execute("SHUTDOWN");
    }
  }
}
