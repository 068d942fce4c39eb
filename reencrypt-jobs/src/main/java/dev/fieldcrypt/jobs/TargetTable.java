package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL on the user's table of a {@link ReencryptTarget} while a job runs: counting, splitting
 * the id range into chunks, keyset pages, re-reads and compare-and-set writes (the checks before a
 * job are {@link TargetChecks}). Every method joins the caller's transaction. Holds no state but
 * the target, its id type and its SQL.
 */
final class TargetTable {
  private final ReencryptTarget target;
  private final IdType idType;
  private final List<String> columns;

  /** The index column of each target column, null where it has none; in target order. */
  private final String[] indexColumns;

  /** Where each index column is in a page's select list (1-based), 0 where there is none. */
  private final int[] indexPositions;

  private final String selectColumns;

  private TargetTable(ReencryptTarget target, IdType idType) {
    this.target = target;
    this.idType = idType;
    this.columns = target.columns();
    this.indexColumns = new String[columns.size()];
    this.indexPositions = new int[columns.size()];
    StringBuilder select = new StringBuilder(target.idColumn()).append(", ");
    select.append(String.join(", ", columns));
    int position = columns.size() + 1;
    for (int i = 0; i < columns.size(); i++) {
      ReencryptTarget.SearchIndex ix = target.searchIndexOf(columns.get(i)).orElse(null);
      if (ix != null) {
        indexColumns[i] = ix.column();
        indexPositions[i] = ++position;
        select.append(", ").append(ix.column());
      }
    }
    this.selectColumns = select.toString();
  }

  /** A table whose id type is already known (stored with its job). */
  static TargetTable of(ReencryptTarget target, IdType idType) {
    return new TargetTable(target, idType);
  }

  /**
   * The table of {@code target}, checked against the database first (see {@link TargetChecks}).
   *
   * @throws ReencryptJobException naming the target and what does not match
   */
  static TargetTable check(Connection c, ReencryptTarget target) throws SQLException {
    return new TargetTable(target, TargetChecks.check(c, target));
  }

  ReencryptTarget target() {
    return target;
  }

  IdType idType() {
    return idType;
  }

  /**
   * One row as read: its id, the stored value of each target column and the stored index of each
   * (null where the column has no index, or the index is null), in target order.
   */
  record Row(Object id, String[] values, String[] indexes) {}

  /**
   * A compare-and-set write: the row as read and, per column in target order, the new value (null:
   * unchanged) and, where the column has an index, the index written with it. A column whose value
   * is null and whose index is to be cleared has no new value and {@link #clearsIndex} true.
   */
  interface Write {
    Row row();

    String[] next();

    String[] nextIndex();

    boolean clearsIndex(int column);
  }

  /** The index column of the column at {@code i} in target order, null where it has none. */
  String indexColumn(int i) {
    return indexColumns[i];
  }

  long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + target.table())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The rows where some target column holds a value, not null, that does not start with {@code
   * label + ":"}: what is not under that version. A full scan; the check after a job.
   */
  long countNotUnder(Connection c, String label) throws SQLException {
    StringBuilder where = new StringBuilder();
    for (int n = 0; n < columns.size(); n++) {
      String col = columns.get(n);
      where.append(where.length() == 0 ? "" : " OR ");
      where.append("(").append(col).append(" IS NOT NULL AND SUBSTRING(").append(col);
      where.append(", 1, ?) <> ?)");
      String ix = indexColumns[n];
      if (ix != null) {
        // an index missing, of another version, or left over from a deleted value
        where.append(" OR (").append(col).append(" IS NOT NULL AND (").append(ix);
        where.append(" IS NULL OR SUBSTRING(").append(ix).append(", 1, ?) <> ?))");
        where.append(" OR (").append(col).append(" IS NULL AND ").append(ix);
        where.append(" IS NOT NULL)");
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM " + target.table() + " WHERE " + where)) {
      int i = 1;
      for (int n = 0; n < columns.size(); n++) {
        ps.setInt(i++, label.length() + 1);
        ps.setString(i++, label + ":");
        if (indexColumns[n] != null) {
          ps.setInt(i++, label.length() + 1);
          ps.setString(i++, label + dev.fieldcrypt.core.BlindIndex.SEPARATOR);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Splits the id range into about {@code 4 × workers} chunks of equal row counts, with one pass of
   * ROW_NUMBER over the ids (no MAX, which PostgreSQL lacks for uuid). The first chunk is open
   * below and the last open above, so rows inserted later are covered too. One worker gets one
   * unbounded chunk and no scan. Each element is a chunk's (lower, upper], null for open.
   */
  List<Object[]> chunkBounds(Connection c, int workers, long total) throws SQLException {
    List<Object[]> bounds = new ArrayList<>();
    long step = (total + workers * 4L - 1) / (workers * 4L);
    if (workers == 1 || step < 1) {
      bounds.add(new Object[] {null, null});
      return bounds;
    }
    String id = target.idColumn();
    Object lower = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + id
                + " FROM (SELECT "
                + id
                + ", ROW_NUMBER() OVER (ORDER BY "
                + id
                + ") AS fc_rn FROM "
                + target.table()
                + ") fc_b WHERE MOD(fc_rn, ?) = 0 ORDER BY "
                + id)) {
      ps.setLong(1, step);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object upper = idType.read(rs, 1);
          bounds.add(new Object[] {lower, upper});
          lower = upper;
        }
      }
    }
    bounds.add(new Object[] {lower, null});
    return bounds;
  }

  /**
   * The next keyset page: rows with {@code after < id <= upTo} (null: open), by id, at most limit.
   */
  List<Row> page(Connection c, Object after, Object upTo, int limit) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(selectColumns).append(" FROM ").append(target.table());
    String id = target.idColumn();
    if (after != null) {
      sql.append(" WHERE ").append(id).append(" > ?");
    }
    if (upTo != null) {
      sql.append(after != null ? " AND " : " WHERE ").append(id).append(" <= ?");
    }
    sql.append(" ORDER BY ").append(id).append(" LIMIT ?");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      if (after != null) {
        idType.bind(ps, p++, after);
      }
      if (upTo != null) {
        idType.bind(ps, p++, upTo);
      }
      ps.setInt(p, limit);
      ps.setFetchSize(limit);
      List<Row> rows = new ArrayList<>(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  /** The row with this id as it is now, or null when it was deleted. */
  Row reread(Connection c, Object id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + selectColumns
                + " FROM "
                + target.table()
                + " WHERE "
                + target.idColumn()
                + " = ?")) {
      idType.bind(ps, 1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private Row row(ResultSet rs) throws SQLException {
    String[] values = new String[columns.size()];
    String[] indexes = new String[columns.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rs.getString(i + 2);
      if (indexPositions[i] > 0) {
        indexes[i] = rs.getString(indexPositions[i]);
      }
    }
    return new Row(idType.read(rs, 1), values, indexes);
  }

  /**
   * Writes as JDBC batches, one statement shape per set of changed columns, each a compare-and-set
   * on every value it changes ({@code UPDATE … SET c = ? WHERE id = ? AND c = ?}). A searchable
   * column's index is set in the same statement, guarded by the same value: {@code SET c = ?, c_idx
   * = ? WHERE id = ? AND c = ?}, or {@code SET c_idx = NULL WHERE id = ? AND c IS NULL} for the
   * stale index of a null value. The index is never compared itself: it is a function of the value,
   * so the value decides.
   *
   * @return the writes whose row no longer held the values read (the application changed it)
   */
  <W extends Write> List<W> compareAndSet(Connection c, List<W> writes) throws SQLException {
    java.util.Map<String, List<W>> byShape = new java.util.HashMap<>();
    for (W w : writes) {
      StringBuilder shape = new StringBuilder();
      for (int col = 0; col < columns.size(); col++) {
        shape.append(w.next()[col] != null ? '1' : w.clearsIndex(col) ? 'n' : '0');
      }
      byShape.computeIfAbsent(shape.toString(), k -> new ArrayList<>()).add(w);
    }
    List<W> lost = new ArrayList<>();
    for (java.util.Map.Entry<String, List<W>> e : byShape.entrySet()) {
      String shape = e.getKey();
      List<W> group = e.getValue();
      try (PreparedStatement ps = c.prepareStatement(updateSql(shape))) {
        for (W w : group) {
          bind(ps, shape, w);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int k = 0; k < counts.length; k++) {
          if (counts[k] == 0) {
            lost.add(group.get(k));
          }
        }
      }
    }
    return lost;
  }

  private void bind(PreparedStatement ps, String shape, Write w) throws SQLException {
    int i = 1;
    for (int col = 0; col < shape.length(); col++) {
      if (shape.charAt(col) == '1') {
        ps.setString(i++, w.next()[col]);
        if (indexColumns[col] != null) {
          ps.setString(i++, w.nextIndex()[col]);
        }
      }
    }
    idType.bind(ps, i++, w.row().id());
    for (int col = 0; col < shape.length(); col++) {
      if (shape.charAt(col) == '1') {
        ps.setString(i++, w.row().values()[col]);
      }
    }
  }

  private String updateSql(String shape) {
    StringBuilder set = new StringBuilder();
    StringBuilder where = new StringBuilder(target.idColumn()).append(" = ?");
    for (int col = 0; col < shape.length(); col++) {
      String column = columns.get(col);
      switch (shape.charAt(col)) {
        case '1' -> {
          set.append(set.length() == 0 ? "" : ", ").append(column).append(" = ?");
          if (indexColumns[col] != null) {
            set.append(", ").append(indexColumns[col]).append(" = ?");
          }
          where.append(" AND ").append(column).append(" = ?");
        }
        case 'n' -> {
          set.append(set.length() == 0 ? "" : ", ").append(indexColumns[col]).append(" = NULL");
          where.append(" AND ").append(column).append(" IS NULL");
        }
        default -> {}
      }
    }
    return "UPDATE " + target.table() + " SET " + set + " WHERE " + where;
  }
}
