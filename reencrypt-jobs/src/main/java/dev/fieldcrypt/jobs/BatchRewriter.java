package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.DecryptionFailedException;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.MalformedCiphertextException;
import dev.fieldcrypt.core.StoredValue;
import dev.fieldcrypt.core.UnknownKeyVersionException;
import dev.fieldcrypt.jobs.TargetTable.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reads one keyset page of a target and rewrites the values not yet on the target version, each
 * with a compare-and-set on the value it read ({@code UPDATE … WHERE id = ? AND col = ?}), so that
 * a value the application changed in between is re-read, never overwritten. Works in the caller's
 * transaction; holds no state between pages but its prepared SQL.
 *
 * <p>A searchable column's index is planned with its value: a value re-encrypted gets the index of
 * its plaintext under the same (target) version; a current value whose index is missing, not of
 * this spec's shape, or of another version gets its index (the value written back unchanged, so the
 * compare-and-set still guards the row); a null value loses a left-over index. A row rewritten for
 * its index alone counts as re-encrypted. A value already written under a later version than the
 * job's is left alone with its index: this job can only write its own version.
 */
final class BatchRewriter {
  /** How often a row the application keeps changing is re-read before it counts as a conflict. */
  private static final int MAX_REREADS = 3;

  /** Pages at least this long have their values decrypted and encrypted in parallel, if allowed. */
  static final int PARALLEL_PAGE_ROWS = 256;

  private final FieldCipher cipher;
  private final TargetTable table;
  private final List<String> columns;
  private final String[] contexts;

  /** The blind index spec of each column, null where it has none. */
  private final BlindIndex[] specs;

  /** The length of an index value under the target version, per indexed column. */
  private final int[] indexLengths;

  private final String targetVersion;
  private final boolean dryRun;
  private final boolean encryptPlaintext;
  private final boolean rewriteUnchanged;
  private final boolean parallelCrypto;

  BatchRewriter(
      FieldCipher cipher,
      TargetTable table,
      String targetVersion,
      boolean dryRun,
      boolean encryptPlaintext,
      boolean rewriteUnchanged,
      boolean parallelCrypto) {
    this.cipher = cipher;
    this.table = table;
    this.columns = table.target().columns();
    this.contexts = columns.stream().map(table.target()::contextOf).toArray(String[]::new);
    this.specs = new BlindIndex[columns.size()];
    this.indexLengths = new int[columns.size()];
    for (int i = 0; i < specs.length; i++) {
      specs[i] =
          table
              .target()
              .searchIndexOf(columns.get(i))
              .map(ReencryptTarget.SearchIndex::spec)
              .orElse(null);
      if (specs[i] != null) {
        // The index of any value under the job's version has this length: bits and label fix it.
        indexLengths[i] = cipher.blindIndex("", contexts[i], specs[i]).length();
      }
    }
    this.targetVersion = targetVersion;
    this.dryRun = dryRun;
    this.encryptPlaintext = encryptPlaintext;
    this.rewriteUnchanged = rewriteUnchanged;
    this.parallelCrypto = parallelCrypto;
  }

  /** What one page did. {@code lastId} is null when the page was empty. */
  record Page(Object lastId, int rows, Counts counts, List<ErrorRow> errors) {}

  /**
   * A row's planned rewrite: new values (null where unchanged), the indexes written with them, the
   * null values whose index is cleared, and the errors found.
   */
  private record Plan(
      Row row, String[] next, String[] nextIndex, boolean[] clear, List<ErrorRow> errors)
      implements TargetTable.Write {
    boolean writes() {
      for (int i = 0; i < next.length; i++) {
        if (next[i] != null || clear[i]) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean clearsIndex(int column) {
      return clear[column];
    }
  }

  Page page(Connection c, Object after, Object upTo, int limit) throws SQLException {
    List<Row> rows = table.page(c, after, upTo, limit);
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
      List<Plan> lost = dryRun ? List.of() : table.compareAndSet(c, writes);
      Set<Plan> lostSet = Collections.newSetFromMap(new IdentityHashMap<>());
      lostSet.addAll(lost);
      for (Plan p : writes) {
        if (!lostSet.contains(p)) {
          count(counts, errors, p, true);
        }
      }
      writes = new ArrayList<>();
      for (Plan p : lost) {
        Row fresh = table.reread(c, p.row().id());
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
    int n = columns.size();
    String[] next = new String[n];
    String[] nextIndex = new String[n];
    boolean[] clear = new boolean[n];
    List<ErrorRow> errors = List.of();
    for (int i = 0; i < n; i++) {
      String value = row.values()[i];
      if (value == null) {
        clear[i] = row.indexes()[i] != null; // the index of a deleted value
        continue;
      }
      if (rewriteUnchanged) {
        next[i] = value;
        nextIndex[i] = row.indexes()[i];
        continue;
      }
      StoredValue stored = StoredValue.parse(value);
      String error;
      try {
        error =
            specs[i] == null
                ? planValue(stored, i, next)
                : planIndexed(stored, row.indexes()[i], i, next, nextIndex);
      } catch (UnknownKeyVersionException e) {
        error = "UNKNOWN_VERSION";
      } catch (DecryptionFailedException e) {
        error = "DECRYPTION_FAILED";
      } catch (MalformedCiphertextException e) {
        error = "MALFORMED_CIPHERTEXT";
      }
      if (error != null) {
        next[i] = null;
        nextIndex[i] = null;
        if (errors.isEmpty()) {
          errors = new ArrayList<>(2);
        }
        String version = error.equals("PLAINTEXT_VALUE") ? null : stored.label();
        errors.add(
            new ErrorRow(
                table.idType().toText(row.id()),
                columns.get(i),
                error,
                version,
                message(error, version, contexts[i])));
      }
    }
    return new Plan(row, next, nextIndex, clear, errors);
  }

  /** The kind of a stored value, and the keyring that classified it. */
  private record Classified(StoredValue.Kind kind, Keyring keyring) {}

  private Classified classify(StoredValue stored) {
    Keyring keyring = cipher.keyring();
    StoredValue.Kind kind = stored.classify(keyring);
    if (kind == StoredValue.Kind.UNKNOWN_VERSION && cipher.holds(stored.label())) {
      keyring = cipher.keyring(); // a live keyring that just learnt the version
      kind = stored.classify(keyring);
    }
    return new Classified(kind, keyring);
  }

  /** Plans column {@code i} without an index; returns the error reason, or null. */
  private String planValue(StoredValue stored, int i, String[] next) {
    Classified c = classify(stored);
    switch (c.kind()) {
      case CIPHERTEXT -> {
        if (!stored.hasLabel(targetVersion) && !isNewer(c.keyring(), stored.label())) {
          next[i] = cipher.reencrypt(stored, contexts[i]);
        } else if (encryptPlaintext) {
          // A plaintext migration must not take "v3:…" for done on its label alone. A value
          // under a later version (the keyring moved on while the job ran) is never rewritten
          // back to the job's older version.
          cipher.authenticate(stored, contexts[i]);
        }
        // else: already current, skipped without decrypting (that is a rotation's speed)
        return null;
      }
      case UNKNOWN_VERSION -> {
        return "UNKNOWN_VERSION";
      }
      case DAMAGED -> {
        return "MALFORMED_CIPHERTEXT";
      }
      case PLAINTEXT -> {
        if (!encryptPlaintext) {
          return "PLAINTEXT_VALUE";
        }
        next[i] = cipher.encrypt(stored.text(), contexts[i]);
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Plans searchable column {@code i}: value and index together, under the target version (the
   * cipher is the job's view pinned to it); returns the error reason, or null.
   */
  private String planIndexed(
      StoredValue stored, String index, int i, String[] next, String[] nextIndex) {
    Classified c = classify(stored);
    switch (c.kind()) {
      case CIPHERTEXT -> {
        boolean current = stored.hasLabel(targetVersion);
        if (!current && isNewer(c.keyring(), stored.label())) {
          if (encryptPlaintext) {
            cipher.authenticate(stored, contexts[i]);
          }
        } else if (!current || !isCurrentIndex(index, i)) {
          FieldCipher.Indexed written = cipher.reencryptIndexed(stored, contexts[i], specs[i]);
          next[i] = written.value();
          nextIndex[i] = written.index();
        } else if (encryptPlaintext) {
          cipher.authenticate(stored, contexts[i]);
        }
        return null;
      }
      case UNKNOWN_VERSION -> {
        return "UNKNOWN_VERSION";
      }
      case DAMAGED -> {
        return "MALFORMED_CIPHERTEXT";
      }
      case PLAINTEXT -> {
        if (!encryptPlaintext) {
          return "PLAINTEXT_VALUE";
        }
        FieldCipher.Indexed written = cipher.encryptIndexed(stored.text(), contexts[i], specs[i]);
        next[i] = written.value();
        nextIndex[i] = written.index();
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Whether a current value's index can stay: of the target version and of this spec's length (an
   * index of other bits, or not an index value at all, is recomputed). Nothing is decrypted.
   */
  private boolean isCurrentIndex(String index, int i) {
    return index != null
        && index.length() == indexLengths[i]
        && targetVersion.equals(BlindIndex.versionOf(index));
  }

  /** Whether {@code label} comes after the job's version in keyring order (rotations append). */
  private boolean isNewer(Keyring keyring, String label) {
    List<String> labels = keyring.labels();
    int target = labels.indexOf(targetVersion);
    return target >= 0 && labels.indexOf(label) > target;
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
}
