package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.ColumnContext;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Normalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a job re-encrypts: one table, its single-column primary key (integer, bigint, uuid or text),
 * and one or more encrypted columns, each with the context its values are bound to (by default
 * {@code table.column}, lower-cased: the same rule as {@code @Encrypted}, see {@link
 * ColumnContext}).
 *
 * <p>A column may be <em>searchable</em>: a companion column holds the blind index of its plaintext
 * ({@code v2$…}, see {@link BlindIndex}) under the same key version as the value. A job then writes
 * value and index together, in the one compare-and-set on the value, and fills in an index that is
 * missing, malformed or of another version than its value (a backfill: how search is added to an
 * existing column). The index definition (column, bits, normalization) is part of the {@link #key()
 * target key}, so a job resumes with exactly the definition it was started with.
 *
 * <p>Identifiers are used unquoted, so the database folds their case as usual, and must match
 * {@code [A-Za-z_][A-Za-z0-9_$]*} (a table may be schema-qualified). Immutable and thread-safe.
 *
 * <pre>{@code
 * ReencryptTarget users = ReencryptTarget.of("users", "id")
 *     .column("otp_secret")
 *     .column("api_token", "users.api_token")   // a pinned context
 *     .column("email")
 *     .searchIndex("email", "email_bidx", BlindIndex.of(32, Normalization.TRIM, Normalization.LOWERCASE));
 * }</pre>
 */
public final class ReencryptTarget {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");
  private static final Pattern TABLE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_$]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_$]{0,127}");

  private final String table;
  private final String idColumn;
  private final Map<String, String> columns;
  private final Map<String, SearchIndex> indexes;

  /**
   * The blind index of a searchable column: the column holding it and how it is computed.
   *
   * @param column the index column
   * @param spec bits and normalization, as the application computes the index
   */
  public record SearchIndex(String column, BlindIndex spec) {}

  private ReencryptTarget(
      String table,
      String idColumn,
      Map<String, String> columns,
      Map<String, SearchIndex> indexes) {
    this.table = table;
    this.idColumn = idColumn;
    this.columns = columns;
    this.indexes = indexes;
  }

  /**
   * A target without columns yet; add them with {@link #column(String)}.
   *
   * @throws InvalidArgumentException naming the bad identifier
   */
  public static ReencryptTarget of(String table, String idColumn) {
    check(TABLE, table, "table");
    check(IDENT, idColumn, "id column");
    return new ReencryptTarget(table, idColumn, Map.of(), Map.of());
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
    if (indexColumnNamed(column) != null) {
      throw new InvalidArgumentException(
          "column "
              + column
              + " is the blind index of "
              + indexColumnNamed(column)
              + "; it holds"
              + " index values, not encrypted ones");
    }
    Map<String, String> next = new LinkedHashMap<>(columns);
    if (next.put(column, context) != null) {
      throw new InvalidArgumentException("column " + column + " is listed twice");
    }
    return new ReencryptTarget(table, idColumn, next, indexes);
  }

  /**
   * This target with {@code column} (already added) searchable: {@code indexColumn} holds the blind
   * index of its plaintext, computed by {@code spec} under the value's key version. A job writes
   * the index with the value, and backfills rows whose index is missing or stale.
   *
   * @throws InvalidArgumentException when {@code column} is not in the target, already has an
   *     index, or {@code indexColumn} is not a valid name, is the id column, a target column or
   *     another column's index
   */
  public ReencryptTarget searchIndex(String column, String indexColumn, BlindIndex spec) {
    if (column == null || !columns.containsKey(column)) {
      throw new InvalidArgumentException(
          "column "
              + column
              + " is not part of this target; add it with column(...) before its searchIndex");
    }
    check(IDENT, indexColumn, "index column");
    if (spec == null) {
      throw new InvalidArgumentException("the blind index spec of column " + column + " is null");
    }
    if (indexes.containsKey(column)) {
      throw new InvalidArgumentException(
          "column "
              + column
              + " already has a search index ("
              + indexes.get(column).column()
              + ")");
    }
    if (indexColumn.equalsIgnoreCase(idColumn)) {
      throw new InvalidArgumentException(
          "index column "
              + indexColumn
              + " of "
              + column
              + " is the id column; name another column");
    }
    for (String c : columns.keySet()) {
      if (c.equalsIgnoreCase(indexColumn)) {
        throw new InvalidArgumentException(
            "index column "
                + indexColumn
                + " of "
                + column
                + " is an encrypted column of the target; the index needs a column of its own");
      }
    }
    if (indexColumnNamed(indexColumn) != null) {
      throw new InvalidArgumentException(
          "index column "
              + indexColumn
              + " is listed twice (it is already the index of "
              + indexColumnNamed(indexColumn)
              + ")");
    }
    Map<String, SearchIndex> next = new LinkedHashMap<>(indexes);
    next.put(column, new SearchIndex(indexColumn, spec));
    return new ReencryptTarget(table, idColumn, columns, next);
  }

  /** The value column whose index is {@code name} (ignoring case), or null. */
  private String indexColumnNamed(String name) {
    for (Map.Entry<String, SearchIndex> e : indexes.entrySet()) {
      if (e.getValue().column().equalsIgnoreCase(name)) {
        return e.getKey();
      }
    }
    return null;
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

  /** The search index of {@code column}, empty when the column is not searchable. */
  public Optional<SearchIndex> searchIndexOf(String column) {
    contextOf(column);
    return Optional.ofNullable(indexes.get(column));
  }

  /** Whether some column of this target has a search index. */
  public boolean hasSearchIndexes() {
    return !indexes.isEmpty();
  }

  /**
   * Canonical one-line form, stored as the job's {@code target_key}: {@code t(id):c1=ctx1,c2=ctx2}
   * with the columns in name order, so that the order they were added in does not matter; a
   * searchable column adds {@code ;c1>c1_bidx/32/TRIM+LOWERCASE} after the columns (value column,
   * index column, bits, normalization steps in {@link Normalization} order), again in column name
   * order. A target without indexes keeps the key it had before indexes existed.
   */
  public String key() {
    StringBuilder sb = new StringBuilder(table).append('(').append(idColumn).append("):");
    new TreeMap<>(columns).forEach((c, ctx) -> sb.append(c).append('=').append(ctx).append(','));
    sb.setLength(sb.length() - 1);
    new TreeMap<>(indexes)
        .forEach((c, ix) -> sb.append(';').append(c).append('>').append(index(ix)));
    return sb.toString();
  }

  /** {@code column/bits/STEP+STEP}: an index definition in the key and the columns spec. */
  static String index(SearchIndex ix) {
    StringBuilder sb = new StringBuilder(ix.column()).append('/').append(ix.spec().bits());
    sb.append('/');
    String sep = "";
    for (Normalization n : Normalization.values()) {
      if (ix.spec().normalization().contains(n)) {
        sb.append(sep).append(n.name());
        sep = "+";
      }
    }
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
    return ColumnsSpec.write(columns, indexes);
  }

  /** The inverse of {@link #columnsSpec()}. */
  static ReencryptTarget fromStored(String table, String idColumn, String spec) {
    ColumnsSpec.Parsed parsed = ColumnsSpec.parse(spec);
    ReencryptTarget t = of(table, idColumn);
    for (Map.Entry<String, String> e : parsed.columns().entrySet()) {
      t = t.column(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, SearchIndex> e : parsed.indexes().entrySet()) {
      t = t.searchIndex(e.getKey(), e.getValue().column(), e.getValue().spec());
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
