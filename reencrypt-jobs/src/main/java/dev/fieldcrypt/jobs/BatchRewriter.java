package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.DecryptionFailedException;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.MalformedCiphertextException;
import dev.fieldcrypt.core.UnknownKeyVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one keyset page of a target and rewrites the values not yet on the target version, each
 * with a compare-and-set on the value it read ({@code UPDATE … WHERE id = ? AND col = ?}), so that
 * a value the application changed in between is re-read, never overwritten. Works in the caller's
 * transaction; holds no state between pages but its prepared SQL.
 */
final class BatchRewriter {
  /** How often a row the application keeps changing is re-read before it counts as a conflict. */
  private static final int MAX_REREADS = 3;

  /** The shape of the labels fieldcrypt generates: {@code v1}, {@code v2}, … */
  private static final Pattern GENERATED_LABEL = Pattern.compile("v[0-9]{1,9}");

  /** Pages at least this long have their values decrypted and encrypted in parallel, if allowed. */
  static final int PARALLEL_PAGE_ROWS = 256;

  private final FieldCipher cipher;
  private final ReencryptTarget target;
  private final List<String> columns;
  private final String[] contexts;
  private final IdType idType;
  private final String targetVersion;
  private final boolean dryRun;
  private final boolean encryptPlaintext;
  private final boolean rewriteUnchanged;
  private final String selectColumns;
  private final boolean parallelCrypto;

  BatchRewriter(
      FieldCipher cipher,
      ReencryptTarget target,
      IdType idType,
      String targetVersion,
      boolean dryRun,
      boolean encryptPlaintext,
      boolean rewriteUnchanged,
      boolean parallelCrypto) {
    this.cipher = cipher;
    this.target = target;
    this.columns = target.columns();
    this.contexts = columns.stream().map(target::contextOf).toArray(String[]::new);
    this.idType = idType;
    this.targetVersion = targetVersion;
    this.dryRun = dryRun;
    this.encryptPlaintext = encryptPlaintext;
    this.rewriteUnchanged = rewriteUnchanged;
    this.selectColumns = target.idColumn() + ", " + String.join(", ", columns);
    this.parallelCrypto = parallelCrypto;
  }

  /** What one page did. {@code lastId} is null when the page was empty. */
  record Page(Object lastId, int rows, Counts counts, List<ErrorRow> errors) {}

  /** One row as read: its id and the stored value of each target column. */
  private record Row(Object id, String[] values) {}

  /** A row's planned rewrite: new values (null where unchanged) and the errors found. */
  private record Plan(Row row, String[] next, List<ErrorRow> errors) {
    boolean writes() {
      for (String v : next) {
        if (v != null) {
          return true;
        }
      }
      return false;
    }
  }

  Page page(Connection c, Object after, Object upTo, int limit) throws SQLException {
    List<Row> rows = read(c, after, upTo, limit);
    Counts counts = new Counts();
    List<ErrorRow> errors = new ArrayList<>();
    List<Plan> writes = new ArrayList<>();
    for (Plan plan : planAll(rows)) {
      if (plan.writes()) {
        writes.add(plan);
      } else {
        count(counts, errors, plan, false);
      }
    }
    for (int attempt = 0; !writes.isEmpty(); attempt++) {
      List<Plan> lost = dryRun ? List.of() : write(c, writes);
      Set<Plan> lostSet = Collections.newSetFromMap(new IdentityHashMap<>());
      lostSet.addAll(lost);
      for (Plan p : writes) {
        if (!lostSet.contains(p)) {
          count(counts, errors, p, true);
        }
      }
      writes = new ArrayList<>();
      for (Plan p : lost) {
        Row fresh = reread(c, p.row().id());
        Plan again = fresh == null ? null : plan(fresh);
        if (again == null || !again.writes()) {
          // deleted, or the application wrote a current value: nothing of ours to do
          counts.processed++;
          counts.conflicts++;
          if (again != null) {
            errors.addAll(again.errors());
          }
        } else if (attempt + 1 >= MAX_REREADS) {
          counts.processed++;
          counts.conflicts++;
        } else {
          writes.add(again);
        }
      }
    }
    Object lastId = rows.isEmpty() ? null : rows.get(rows.size() - 1).id();
    return new Page(lastId, rows.size(), counts, errors);
  }

  /**
   * Plans every row of a page. The cryptography is pure computation on immutable inputs, so on a
   * long page it runs on the common fork-join pool while this worker's connection waits anyway; the
   * order of the plans is the order of the rows.
   */
  private List<Plan> planAll(List<Row> rows) {
    if (!parallelCrypto || rows.size() < PARALLEL_PAGE_ROWS) {
      List<Plan> plans = new ArrayList<>(rows.size());
      for (Row row : rows) {
        plans.add(plan(row));
      }
      return plans;
    }
    return rows.parallelStream().map(this::plan).toList();
  }

  private static void count(Counts counts, List<ErrorRow> errors, Plan p, boolean written) {
    counts.processed++;
    if (!p.errors().isEmpty()) {
      counts.errors++;
      errors.addAll(p.errors());
    } else if (written) {
      counts.reencrypted++;
    } else {
      counts.skipped++;
    }
  }

  private Plan plan(Row row) {
    String[] next = new String[columns.size()];
    List<ErrorRow> errors = List.of();
    for (int i = 0; i < next.length; i++) {
      String value = row.values()[i];
      if (value == null) {
        continue;
      }
      if (rewriteUnchanged) {
        next[i] = value;
        continue;
      }
      String error = null;
      String version = null;
      try {
        version = versionOrNull(value);
        if (targetVersion.equals(version)) {
          continue; // already current: skipped without decrypting
        }
        if (!FieldCipher.looksLikeCiphertext(value)) {
          if (version != null && isCiphertextLabel(version)) {
            // "v1:" with a broken body is a damaged ciphertext, never plaintext to encrypt.
            error = "MALFORMED_CIPHERTEXT";
          } else if (encryptPlaintext) {
            version = null;
            next[i] = cipher.encrypt(value, contexts[i]);
          } else {
            version = null;
            error = "PLAINTEXT_VALUE";
          }
        } else {
          next[i] = cipher.reencrypt(value, contexts[i]);
        }
      } catch (UnknownKeyVersionException e) {
        error = "UNKNOWN_VERSION";
      } catch (DecryptionFailedException e) {
        error = "DECRYPTION_FAILED";
      } catch (MalformedCiphertextException e) {
        error = "MALFORMED_CIPHERTEXT";
      }
      if (error != null) {
        if (errors.isEmpty()) {
          errors = new ArrayList<>(2);
        }
        errors.add(
            new ErrorRow(
                idType.toText(row.id()),
                columns.get(i),
                error,
                version,
                message(error, version, contexts[i])));
      }
    }
    return new Plan(row, next, errors);
  }

  /**
   * Whether {@code label} before a colon marks a fieldcrypt ciphertext rather than plaintext that
   * happens to contain a colon: a version of the keyring, or the {@code vN} shape generated labels
   * have.
   */
  private boolean isCiphertextLabel(String label) {
    return cipher.keyring().contains(label) || GENERATED_LABEL.matcher(label).matches();
  }

  private static String versionOrNull(String value) {
    int colon = value.indexOf(':');
    return colon > 0 && colon <= 32 ? value.substring(0, colon) : null;
  }

  private String message(String reason, String version, String context) {
    return switch (reason) {
      case "UNKNOWN_VERSION" ->
          "key version '"
              + version
              + "' is not in the keyring (it has "
              + String.join(", ", cipher.keyring().labels())
              + "); add it back from a keyring backup, then run the re-encryption again (rows"
              + " already done are skipped)";
      case "DECRYPTION_FAILED" ->
          "authentication failed under context '"
              + context
              + "': tampered, another key with the same label, or copied from another column";
      case "MALFORMED_CIPHERTEXT" ->
          "not a valid fieldcrypt ciphertext (a version prefix with a damaged or truncated body);"
              + " restore the value from a backup";
      default -> "value is not encrypted; run with plaintext migration to encrypt such values";
    };
  }

  private List<Row> read(Connection c, Object after, Object upTo, int limit) throws SQLException {
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

  private Row reread(Connection c, Object id) throws SQLException {
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
    for (int i = 0; i < values.length; i++) {
      values[i] = rs.getString(i + 2);
    }
    return new Row(idType.read(rs, 1), values);
  }

  /**
   * Writes the plans as JDBC batches, one statement shape per set of changed columns, each a
   * compare-and-set on every value it changes.
   *
   * @return the plans whose row no longer held the values read (the application changed it)
   */
  private List<Plan> write(Connection c, List<Plan> plans) throws SQLException {
    Map<String, List<Plan>> byShape = new HashMap<>();
    for (Plan p : plans) {
      StringBuilder shape = new StringBuilder();
      for (String v : p.next()) {
        shape.append(v == null ? '0' : '1');
      }
      byShape.computeIfAbsent(shape.toString(), k -> new ArrayList<>()).add(p);
    }
    List<Plan> lost = new ArrayList<>();
    for (Map.Entry<String, List<Plan>> e : byShape.entrySet()) {
      String shape = e.getKey();
      List<Plan> group = e.getValue();
      try (PreparedStatement ps = c.prepareStatement(updateSql(shape))) {
        for (Plan p : group) {
          int i = 1;
          for (int col = 0; col < shape.length(); col++) {
            if (shape.charAt(col) == '1') {
              ps.setString(i++, p.next()[col]);
            }
          }
          idType.bind(ps, i++, p.row().id());
          for (int col = 0; col < shape.length(); col++) {
            if (shape.charAt(col) == '1') {
              ps.setString(i++, p.row().values()[col]);
            }
          }
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

  private String updateSql(String shape) {
    StringBuilder set = new StringBuilder();
    StringBuilder where = new StringBuilder(target.idColumn()).append(" = ?");
    for (int col = 0; col < shape.length(); col++) {
      if (shape.charAt(col) == '1') {
        set.append(set.length() == 0 ? "" : ", ").append(columns.get(col)).append(" = ?");
        where.append(" AND ").append(columns.get(col)).append(" = ?");
      }
    }
    return "UPDATE " + target.table() + " SET " + set + " WHERE " + where;
  }
}
