package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of a {@link ReencryptTarget} against the database before a job: table, id column,
 * value and index columns exist and are text, and the id is unique by itself. Stateless.
 */
final class TargetChecks {
  private TargetChecks() {}

  /**
   * Checks that {@code target}'s table, id column and columns exist and that its id can be paged,
   * so that a typo fails with its own message before a job is created.
   *
   * @throws ReencryptJobException naming the target and what does not match
   */
  static IdType check(Connection c, ReencryptTarget target) throws SQLException {
    target.requireColumns();
    // One probe: its metadata gives the id type (column 1) and the target columns' types.
    IdType idType;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT "
                    + target.idColumn()
                    + ", "
                    + String.join(", ", target.columns())
                    + " FROM "
                    + target.table()
                    + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      idType = IdType.of(md, target.table(), target.idColumn());
      requireTextColumns(md, target);
    } catch (SQLException e) {
      throw new ReencryptJobException(
          "target "
              + target.table()
              + "("
              + target.idColumn()
              + "): "
              + String.join(", ", target.columns())
              + " does not match the database ("
              + SqlErrors.describe(e)
              + "). Check the table, id column and column names (and the schema the connection"
              + " uses).",
          SqlErrors.sanitized(e));
    }
    requireIndexColumns(c, target);
    requireUniqueId(c, target);
    return idType;
  }

  /**
   * Probes each index column on its own, so that a missing one is named: the usual cause is a
   * migration that has not run yet.
   */
  private static void requireIndexColumns(Connection c, ReencryptTarget target)
      throws SQLException {
    for (String column : target.columns()) {
      ReencryptTarget.SearchIndex ix = target.searchIndexOf(column).orElse(null);
      if (ix == null) {
        continue;
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT " + ix.column() + " FROM " + target.table() + " WHERE 1 = 0")) {
        if (!isText(rs.getMetaData().getColumnType(1))) {
          throw new ReencryptJobException(
              indexColumn(target, ix, column)
                  + " has type "
                  + rs.getMetaData().getColumnTypeName(1)
                  + ", but index values are text ('v2$<base64url>'): make it VARCHAR("
                  + BlindIndex.MAX_LENGTH
                  + "), or check the column name.");
        }
      } catch (SQLException e) {
        throw new ReencryptJobException(
            indexColumn(target, ix, column)
                + " cannot be read ("
                + SqlErrors.describe(e)
                + "). Add it (VARCHAR("
                + BlindIndex.MAX_LENGTH
                + "), NULL allowed) with the application's migration before running the job,"
                + " or check its name.",
            SqlErrors.sanitized(e));
      }
    }
  }

  /**
   * Stored values are text ({@code v2:<base64>}), so every target column must be of a character
   * type; an int, bytea or jsonb column is refused before a job exists, not mid-job.
   */
  private static void requireTextColumns(ResultSetMetaData md, ReencryptTarget target)
      throws SQLException {
    for (int i = 2; i <= md.getColumnCount(); i++) {
      if (!isText(md.getColumnType(i))) {
        throw new ReencryptJobException(
            "column "
                + target.table()
                + "."
                + target.columns().get(i - 2)
                + " has type "
                + md.getColumnTypeName(i)
                + ", but encrypted values are text ('v2:<base64>'): re-encrypt character"
                + " columns (varchar, text) only, or check the column name.");
      }
    }
  }

  private static boolean isText(int sqlType) {
    return switch (sqlType) {
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          true;
      default -> false;
    };
  }

  /**
   * Keyset paging ({@code WHERE id > ?}) skips rows that share an id across a page boundary, so the
   * id column must be unique by itself: the primary key, or a unique index, on exactly that column,
   * as the database's metadata says. Composite keys are refused.
   */
  private static void requireUniqueId(Connection c, ReencryptTarget target) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String table = target.table();
    int dot = table.indexOf('.');
    String schema = dot < 0 ? c.getSchema() : fold(md, table.substring(0, dot));
    String name = fold(md, table.substring(dot + 1));
    String catalog = c.getCatalog();
    List<String> primaryKey = new ArrayList<>();
    try (ResultSet rs = md.getPrimaryKeys(catalog, schema, name)) {
      while (rs.next()) {
        primaryKey.add(rs.getString("COLUMN_NAME"));
      }
    }
    if (isExactly(primaryKey, target.idColumn())) {
      return;
    }
    Map<String, List<String>> unique = new TreeMap<>();
    try (ResultSet rs = md.getIndexInfo(catalog, schema, name, true, true)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        String column = rs.getString("COLUMN_NAME");
        if (index != null && column != null && !rs.getBoolean("NON_UNIQUE")) {
          unique.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
        }
      }
    }
    for (List<String> columns : unique.values()) {
      if (isExactly(columns, target.idColumn())) {
        return;
      }
    }
    throw new ReencryptJobException(
        "id column "
            + table
            + "."
            + target.idColumn()
            + " is not unique by itself ("
            + (primaryKey.isEmpty()
                ? "the table has no primary key, and no unique index is on that column alone"
                : "the primary key is ("
                    + String.join(", ", primaryKey).toLowerCase(Locale.ROOT)
                    + ")")
            + "): paging by a non-unique id would skip rows. Pass the table's single-column primary"
            + " key as the id column, or add a unique constraint on that column alone; composite"
            + " keys are not supported.");
  }

  private static boolean isExactly(List<String> columns, String column) {
    return columns.size() == 1 && columns.get(0).equalsIgnoreCase(column);
  }

  /** An unquoted identifier as the database stores it in its metadata. */
  private static String fold(DatabaseMetaData md, String identifier) throws SQLException {
    if (md.storesUpperCaseIdentifiers()) {
      return identifier.toUpperCase(Locale.ROOT);
    }
    if (md.storesLowerCaseIdentifiers()) {
      return identifier.toLowerCase(Locale.ROOT);
    }
    return identifier;
  }

  /** {@code index column t.c (the blind index of column)}, for messages. */
  private static String indexColumn(
      ReencryptTarget target, ReencryptTarget.SearchIndex ix, String column) {
    return "index column "
        + target.table()
        + "."
        + ix.column()
        + " (the blind index of "
        + column
        + ")";
  }
}
