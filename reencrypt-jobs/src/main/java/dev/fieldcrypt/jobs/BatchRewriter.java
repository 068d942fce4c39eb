package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.jobs.RowPlanner.Plan;
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
 * <p>The plan of each row is {@link RowPlanner}'s; a searchable column's index is written in the
 * same statement as its value. A row rewritten for its index alone counts as re-encrypted.
 */
final class BatchRewriter {
  /** How often a row the application keeps changing is re-read before it counts as a conflict. */
  private static final int MAX_REREADS = 3;

  /** Pages at least this long have their values decrypted and encrypted in parallel, if allowed. */
  static final int PARALLEL_PAGE_ROWS = 256;

  private final RowPlanner planner;
  private final TargetTable table;
  private final boolean dryRun;
  private final boolean parallelCrypto;

  BatchRewriter(
      FieldCipher cipher,
      TargetTable table,
      String targetVersion,
      boolean dryRun,
      boolean encryptPlaintext,
      boolean rewriteUnchanged,
      boolean parallelCrypto) {
    this.planner = new RowPlanner(cipher, table, targetVersion, encryptPlaintext, rewriteUnchanged);
    this.table = table;
    this.dryRun = dryRun;
    this.parallelCrypto = parallelCrypto;
  }

  /** What one page did. {@code lastId} is null when the page was empty. */
  record Page(Object lastId, int rows, Counts counts, List<ErrorRow> errors) {}

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
        Plan again = fresh == null ? null : planner.plan(fresh);
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
        plans.add(planner.plan(row));
      }
      return plans;
    }
    return rows.parallelStream().map(planner::plan).toList();
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
}
