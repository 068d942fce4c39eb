package dev.fieldcrypt.jobs;

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
    this.targetVersion = targetVersion;
    this.dryRun = dryRun;
    this.encryptPlaintext = encryptPlaintext;
    this.rewriteUnchanged = rewriteUnchanged;
    this.parallelCrypto = parallelCrypto;
  }

  /** What one page did. {@code lastId} is null when the page was empty. */
  record Page(Object lastId, int rows, Counts counts, List<ErrorRow> errors) {}

  /** A row's planned rewrite: new values (null where unchanged) and the errors found. */
  private record Plan(Row row, String[] next, List<ErrorRow> errors) implements TargetTable.Write {
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
      StoredValue stored = StoredValue.parse(value);
      String error = null;
      try {
        Keyring keyring = cipher.keyring();
        StoredValue.Kind kind = stored.classify(keyring);
        if (kind == StoredValue.Kind.UNKNOWN_VERSION && cipher.holds(stored.label())) {
          keyring = cipher.keyring(); // a live keyring that just learnt the version
          kind = stored.classify(keyring);
        }
        switch (kind) {
          case CIPHERTEXT -> {
            if (!stored.hasLabel(targetVersion) && !isNewer(keyring, stored.label())) {
              next[i] = cipher.reencrypt(stored, contexts[i]);
            } else if (!stored.hasLabel(targetVersion)) {
              // Written under a later version (the keyring moved on while the job ran): never
              // rewritten back to the job's older version.
              if (encryptPlaintext) {
                cipher.authenticate(stored, contexts[i]);
              }
            } else if (encryptPlaintext) {
              // A plaintext migration must not take "v3:…" for done on its label alone.
              cipher.authenticate(stored, contexts[i]);
            }
            // else: already current, skipped without decrypting (that is a rotation's speed)
          }
          case UNKNOWN_VERSION -> error = "UNKNOWN_VERSION";
          case DAMAGED -> error = "MALFORMED_CIPHERTEXT";
          case PLAINTEXT -> {
            if (encryptPlaintext) {
              next[i] = cipher.encrypt(value, contexts[i]);
            } else {
              error = "PLAINTEXT_VALUE";
            }
          }
          case NULL -> {}
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
    return new Plan(row, next, errors);
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
