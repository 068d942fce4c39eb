package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.DecryptionFailedException;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.MalformedCiphertextException;
import dev.fieldcrypt.core.StoredValue;
import dev.fieldcrypt.core.UnknownKeyVersionException;
import dev.fieldcrypt.jobs.TargetTable.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the rewrite of one row: which values to re-encrypt (or, in a plaintext migration, encrypt)
 * to the target version, and which rows are errors. Values already on the target version are
 * skipped without decrypting.
 *
 * <p>A searchable column's index is planned with its value: a value re-encrypted gets the index of
 * its plaintext under the same (target) version; a current value whose index is missing, not of
 * this spec's length, or of another version gets its index (the value written back unchanged, so
 * the compare-and-set still guards the row); a null value loses a left-over index. A value already
 * written under a later version than the job's is left alone with its index: this job can only
 * write its own version. The cipher is the job's view pinned to the target version, so value and
 * index are always written under it.
 *
 * <p>Thread-safe (immutable, over a thread-safe cipher): the rows of a long page are planned in
 * parallel.
 */
final class RowPlanner {
  private final FieldCipher cipher;
  private final TargetTable table;
  private final List<String> columns;
  private final String[] contexts;

  /** The blind index spec of each column, null where it has none. */
  private final BlindIndex[] specs;

  /** The length of an index value under the target version, per indexed column. */
  private final int[] indexLengths;

  private final String targetVersion;
  private final boolean encryptPlaintext;
  private final boolean rewriteUnchanged;

  RowPlanner(
      FieldCipher cipher,
      TargetTable table,
      String targetVersion,
      boolean encryptPlaintext,
      boolean rewriteUnchanged) {
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
    this.encryptPlaintext = encryptPlaintext;
    this.rewriteUnchanged = rewriteUnchanged;
  }

  /**
   * A row's planned rewrite: new values (null where unchanged), the indexes written with them, the
   * null values whose index is cleared, and the errors found.
   */
  record Plan(Row row, String[] next, String[] nextIndex, boolean[] clear, List<ErrorRow> errors)
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

  /** The rewrite of {@code row}, or the errors it has. */
  Plan plan(Row row) {
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
