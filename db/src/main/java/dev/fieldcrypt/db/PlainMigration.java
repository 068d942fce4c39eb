package dev.fieldcrypt.db;

import static dev.fieldcrypt.db.FieldcryptSchema.HISTORY_TABLE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * {@link FieldcryptSchema#migrate} when Flyway is not on the classpath: applies the same scripts in
 * version order and records each in {@value FieldcryptSchema#HISTORY_TABLE} exactly as Flyway would
 * (same table, columns, description, script name and CRC32 checksum), so that an application that
 * adds Flyway later finds a valid history and applies nothing twice.
 *
 * <p>All pending scripts and their history rows commit in one transaction. On PostgreSQL the
 * history table is locked for that transaction, which serializes processes starting together; H2
 * commits DDL at once, but H2 databases are private to one JVM, where {@link FieldcryptSchema}'s
 * lock serializes the callers.
 */
final class PlainMigration {
  /** The shipped scripts in version order; a test checks the list against the resources. */
  static final List<String> SCRIPTS =
      List.of("V1__fieldcrypt_job_tables.sql", "V2__fieldcrypt_job_target_locks.sql");

  private static final String RESOURCE_DIR = "db/fieldcrypt/migration/";
  private static final String TABLE = '"' + HISTORY_TABLE + '"';

  // The version of the row Flyway writes when it baselines a non-empty schema; never a script's.
  private static final String BASELINE_VERSION = "0";

  private PlainMigration() {}

  static MigrationReport migrate(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return migrate(c);
    } catch (SQLException e) {
      throw new FieldcryptSchemaException(
          "Cannot create or upgrade fieldcrypt's job tables (history table "
              + HISTORY_TABLE
              + ", applied without Flyway): "
              + e.getMessage()
              + " (SQL state "
              + e.getSQLState()
              + "). Check that the database is reachable and that its user may CREATE TABLE and"
              + " CREATE INDEX in the current schema; nothing of a failed run was kept on"
              + " PostgreSQL.",
          e);
    }
  }

  private static MigrationReport migrate(Connection c) throws SQLException {
    String schema = c.getSchema() == null ? "" : c.getSchema();
    boolean postgres =
        c.getMetaData()
            .getDatabaseProductName()
            .toLowerCase(java.util.Locale.ROOT)
            .contains("postgres");
    if (!historyExists(c)) {
      createHistory(c);
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      if (postgres) {
        try (Statement s = c.createStatement()) {
          s.execute("LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE");
        }
      }
      Map<String, Integer> applied = appliedChecksums(c);
      Optional<String> before = highestVersion(applied.keySet());
      int rank = nextRank(c);
      String user = currentUser(c);
      int executed = 0;
      for (String script : SCRIPTS) {
        String version = version(script);
        String text = read(script);
        Integer checksum = applied.get(version);
        if (checksum != null) {
          if (checksum != checksum(text)) {
            throw new FieldcryptSchemaException(
                "fieldcrypt's schema history (table "
                    + HISTORY_TABLE
                    + ") records version "
                    + version
                    + " with another checksum than "
                    + script
                    + " in this fieldcrypt-db jar. Use the fieldcrypt version that created these"
                    + " tables or a newer one; never edit fieldcrypt's migrations or its history"
                    + " table by hand.",
                null);
          }
          continue;
        }
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
          for (String sql : statements(text)) {
            s.execute(sql);
          }
        }
        int millis = (int) ((System.nanoTime() - started) / 1_000_000);
        record(c, rank++, version, script, checksum(text), user, millis);
        executed++;
      }
      c.commit();
      String current = version(SCRIPTS.get(SCRIPTS.size() - 1));
      return new MigrationReport(schema, before, current, executed);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static boolean historyExists(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), HISTORY_TABLE, null)) {
      return rs.next();
    }
  }

  // Flyway's own definition of the history table, quoted lower case as Flyway creates it on H2
  // and PostgreSQL alike. IF NOT EXISTS: another process may create it at the same moment.
  private static void createHistory(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (\"installed_rank\" INT NOT NULL, \"version\" VARCHAR(50),"
              + " \"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL,"
              + " \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INT,"
              + " \"installed_by\" VARCHAR(100) NOT NULL,"
              + " \"installed_on\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,"
              + " \"execution_time\" INT NOT NULL, \"success\" BOOLEAN NOT NULL,"
              + " CONSTRAINT \""
              + HISTORY_TABLE
              + "_pk\" PRIMARY KEY (\"installed_rank\"))");
      s.execute(
          "CREATE INDEX IF NOT EXISTS \""
              + HISTORY_TABLE
              + "_s_idx\" ON "
              + TABLE
              + " (\"success\")");
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static Map<String, Integer> appliedChecksums(Connection c) throws SQLException {
    Map<String, Integer> applied = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\", \"checksum\", \"success\" FROM "
                    + TABLE
                    + " WHERE \"version\" IS NOT NULL AND \"type\" = 'SQL'")) {
      while (rs.next()) {
        if (!rs.getBoolean(3)) {
          throw new FieldcryptSchemaException(
              "fieldcrypt's schema history (table "
                  + HISTORY_TABLE
                  + ") records a failed migration to version "
                  + rs.getString(1)
                  + ". Drop what it created, delete its failed row from "
                  + HISTORY_TABLE
                  + " (Flyway repair does this), then retry.",
              null);
        }
        applied.put(rs.getString(1), rs.getInt(2));
      }
    }
    return applied;
  }

  private static Optional<String> highestVersion(Iterable<String> versions) {
    String best = null;
    for (String v : versions) {
      if (!v.equals(BASELINE_VERSION)
          && (best == null || Integer.parseInt(v) > Integer.parseInt(best))) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int nextRank(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COALESCE(MAX(\"installed_rank\"), 0) + 1 FROM " + TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String currentUser(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
      rs.next();
      String user = rs.getString(1);
      return user == null ? "" : user;
    }
  }

  private static void record(
      Connection c, int rank, String version, String script, int checksum, String user, int ms)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + TABLE
                + " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
                + " \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                + " VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, TRUE)")) {
      ps.setInt(1, rank);
      ps.setString(2, version);
      ps.setString(3, description(script));
      ps.setString(4, script);
      ps.setInt(5, checksum);
      ps.setString(6, user);
      ps.setInt(7, ms);
      ps.executeUpdate();
    }
  }

  /** {@code V12__a_b.sql} → {@code 12}. */
  static String version(String script) {
    return script.substring(1, script.indexOf("__"));
  }

  /** {@code V1__fieldcrypt_job_tables.sql} → {@code fieldcrypt job tables}, as Flyway says it. */
  static String description(String script) {
    return script
        .substring(script.indexOf("__") + 2, script.length() - ".sql".length())
        .replace('_', ' ');
  }

  static String read(String script) {
    String name = RESOURCE_DIR + script;
    try (InputStream in = PlainMigration.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new FieldcryptSchemaException(
            "the fieldcrypt-db jar is broken: " + name + " is missing from the classpath", null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FieldcryptSchemaException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Flyway's checksum: CRC32 over the UTF-8 bytes of each line without its line break (and without
   * a byte-order mark on the first), as a signed int.
   */
  static int checksum(String text) {
    CRC32 crc = new CRC32();
    // String.lines() splits where BufferedReader.readLine (Flyway's reader) does.
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    body.lines().forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
    return (int) crc.getValue();
  }

  /**
   * The script's statements: split at each {@code ;} outside a string literal, with {@code --}
   * comments removed. fieldcrypt's scripts use nothing else (no dollar quoting, no block comments).
   */
  static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!inString && ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
        continue;
      }
      if (ch == '\'') {
        inString = !inString;
      }
      if (!inString && ch == ';') {
        addIfNotBlank(out, current);
        current.setLength(0);
      } else {
        current.append(ch);
      }
    }
    addIfNotBlank(out, current);
    return out;
  }

  private static void addIfNotBlank(List<String> out, StringBuilder sql) {
    String s = sql.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
  }
}
