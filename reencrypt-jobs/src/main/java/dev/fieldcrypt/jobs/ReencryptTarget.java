package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.ColumnContext;
import dev.fieldcrypt.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a job re-encrypts: one table, its single-column primary key (integer, bigint, uuid or text),
 * and one or more encrypted columns, each with the context its values are bound to (by default
 * {@code table.column}, lower-cased: the same rule as {@code @Encrypted}, see {@link
 * ColumnContext}).
 *
 * <p>Identifiers are used unquoted, so the database folds their case as usual, and must match
 * {@code [A-Za-z_][A-Za-z0-9_$]*} (a table may be schema-qualified). Immutable.
 *
 * <pre>{@code
 * ReencryptTarget users = ReencryptTarget.of("users", "id")
 *     .column("otp_secret")
 *     .column("api_token", "users.api_token");   // a pinned context
 * }</pre>
 */
public final class ReencryptTarget {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");
  private static final Pattern TABLE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_$]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_$]{0,127}");

  private final String table;
  private final String idColumn;
  private final Map<String, String> columns;

  private ReencryptTarget(String table, String idColumn, Map<String, String> columns) {
    this.table = table;
    this.idColumn = idColumn;
    this.columns = columns;
  }

  /**
   * A target without columns yet; add them with {@link #column(String)}.
   *
   * @throws InvalidArgumentException naming the bad identifier
   */
  public static ReencryptTarget of(String table, String idColumn) {
    check(TABLE, table, "table");
    check(IDENT, idColumn, "id column");
    return new ReencryptTarget(table, idColumn, Map.of());
  }

  /** This target plus {@code column}, with the default context {@code table.column}. */
  public ReencryptTarget column(String column) {
    return column(column, ColumnContext.of(unqualified(table), column));
  }

  /** This target plus {@code column}, whose values are bound to {@code context}. */
  public ReencryptTarget column(String column, String context) {
    check(IDENT, column, "column");
    if (context == null || context.isBlank()) {
      throw new InvalidArgumentException("context of column " + column + " must not be empty");
    }
    if (column.equalsIgnoreCase(idColumn)) {
      throw new InvalidArgumentException(
          "column " + column + " is the id column; it cannot be encrypted");
    }
    Map<String, String> next = new LinkedHashMap<>(columns);
    if (next.put(column, context) != null) {
      throw new InvalidArgumentException("column " + column + " is listed twice");
    }
    return new ReencryptTarget(table, idColumn, next);
  }

  public String table() {
    return table;
  }

  public String idColumn() {
    return idColumn;
  }

  /** Encrypted column names, in the order they were added. */
  public List<String> columns() {
    return new ArrayList<>(columns.keySet());
  }

  /** The context of {@code column}. */
  public String contextOf(String column) {
    String ctx = columns.get(column);
    if (ctx == null) {
      throw new InvalidArgumentException("column " + column + " is not part of this target");
    }
    return ctx;
  }

  /**
   * Canonical one-line form, stored as the job's {@code target_key}: {@code t(id):c1=ctx1,c2=ctx2}
   * with the columns in name order, so that the order they were added in does not matter.
   */
  public String key() {
    StringBuilder sb = new StringBuilder(table).append('(').append(idColumn).append("):");
    new java.util.TreeMap<>(columns)
        .forEach((c, ctx) -> sb.append(c).append('=').append(ctx).append(','));
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /** Checks that the target names at least one column. */
  ReencryptTarget requireColumns() {
    if (columns.isEmpty()) {
      throw new InvalidArgumentException(
          "target " + table + " names no encrypted column; add one with column(...)");
    }
    return this;
  }

  /**
   * Encodes the columns and contexts for {@code reencrypt_jobs.columns_spec} (see {@link
   * ColumnsSpec}).
   */
  String columnsSpec() {
    return ColumnsSpec.write(columns);
  }

  /** The inverse of {@link #columnsSpec()}. */
  static ReencryptTarget fromStored(String table, String idColumn, String spec) {
    ReencryptTarget t = of(table, idColumn);
    for (Map.Entry<String, String> e : ColumnsSpec.read(spec).entrySet()) {
      t = t.column(e.getKey(), e.getValue());
    }
    return t;
  }

  private static String unqualified(String table) {
    return table.substring(table.indexOf('.') + 1);
  }

  private static void check(Pattern p, String value, String what) {
    if (value == null || !p.matcher(value).matches()) {
      throw new InvalidArgumentException(
          "invalid "
              + what
              + " name "
              + (value == null ? "(none)" : "'" + value + "'")
              + ": use letters, digits, _ and $, starting with a letter or _"
              + (what.equals("table") ? " (optionally schema.table)" : ""));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReencryptTarget t && key().equals(t.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return key();
  }
}
