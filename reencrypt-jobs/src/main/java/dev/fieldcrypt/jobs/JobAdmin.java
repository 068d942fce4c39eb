package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the jobs API that needs no keyring: inspecting, pausing, cancelling and cleaning up
 * jobs, and counting the key versions of a target's values. For operators and dashboards that must
 * not hold keys; {@link ReencryptJobs} (which needs the keyring) creates and runs jobs.
 *
 * <p>It works on the same tables through the same code as {@link ReencryptJobs}, so a job paused
 * here stops its workers in every process after their current batch. Nothing here decrypts, and
 * nothing returned holds a value or a key.
 *
 * <p>Thread-safe. The job tables must exist ({@code FieldcryptSchema.migrate(dataSource)}).
 *
 * <pre>{@code
 * JobAdmin admin = JobAdmin.create(dataSource);
 * admin.list(JobStatus.RUNNING, 20).forEach(j -> admin.pause(j.id()));
 * Map<JobStatus, Long> counts = admin.countByStatus();
 * }</pre>
 */
public final class JobAdmin {
  private static final Logger log = LoggerFactory.getLogger(JobAdmin.class);

  private final Db db;
  private final JobStore store;

  JobAdmin(Db db, JobStore store) {
    this.db = db;
    this.store = store;
  }

  /**
   * An admin view over {@code dataSource}.
   *
   * @throws ReencryptJobException when the database cannot be reached
   */
  public static JobAdmin create(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    Db db = new Db(dataSource);
    return new JobAdmin(db, new JobStore(db));
  }

  /**
   * The job with this id.
   *
   * @throws ReencryptJobException when there is none
   */
  public JobInfo job(long jobId) {
    return store.load(jobId);
  }

  /** The newest jobs first, optionally of one status only (null for all). */
  public List<JobInfo> list(JobStatus status, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return store.list(status, limit);
  }

  /** The values job {@code jobId} could not re-encrypt, oldest first (row ids, never values). */
  public List<JobError> errors(long jobId, int limit) {
    return store.errors(jobId, limit);
  }

  /**
   * Asks the job's workers, in every process, to stop after their current batch (the same
   * transition as {@link ReencryptJobs#pause}).
   *
   * @return false when the job is not pending or running
   */
  public boolean pause(long jobId) {
    return store.transition(
        jobId, List.of(JobStatus.PENDING, JobStatus.RUNNING), JobStatus.PAUSED, null);
  }

  /**
   * Cancels the job for good (the same transition as {@link ReencryptJobs#cancel}); rows already
   * rewritten stay rewritten, they are valid.
   *
   * @return false when the job is already finished or cancelled
   */
  public boolean cancel(long jobId) {
    return store.transition(
        jobId,
        List.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED),
        JobStatus.CANCELLED,
        null);
  }

  /**
   * Deletes (or, in a dry run, only finds) finished, cancelled and failed jobs that ended more than
   * {@code finishedOlderThan} ago, and unfinished ones not heard from for {@code stalledOlderThan},
   * with their chunks and errors. The same rule as {@link ReencryptJobs#cleanup}.
   *
   * @return the ids of the jobs deleted (or that would be), oldest first
   */
  public List<Long> cleanup(Duration finishedOlderThan, Duration stalledOlderThan, boolean dryRun) {
    if (finishedOlderThan == null || stalledOlderThan == null) {
      throw new IllegalArgumentException("the cleanup ages must not be null");
    }
    Instant now = Instant.now();
    List<Long> ids =
        store.cleanupCandidates(now.minus(finishedOlderThan), now.minus(stalledOlderThan));
    if (!dryRun) {
      store.delete(ids);
      log.info("deleted {} old re-encryption job(s): {}", ids.size(), ids);
    }
    return ids;
  }

  /**
   * Checks that {@code target}'s table, id column and columns exist and that its id type can be
   * paged, so that a typo fails with its own message before a job is created.
   *
   * @throws ReencryptJobException naming the target and the database's complaint
   */
  public void verify(ReencryptTarget target) {
    db.run(c -> checkTarget(c, target.requireColumns()));
  }

  /** Rows per key version, plaintext rows and nulls of each column of {@code target}. */
  public List<TargetStats> stats(ReencryptTarget target) {
    return db.call(
        c -> {
          checkTarget(c, target.requireColumns());
          return Stats.of(c, target, IdType.detect(c, target.table(), target.idColumn()));
        });
  }

  /** How many jobs are in each state (every state is present, zero when none). */
  public Map<JobStatus, Long> countByStatus() {
    return db.call(
        c -> {
          Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
          for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
          }
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT status, COUNT(*) FROM reencrypt_jobs GROUP BY status")) {
            while (rs.next()) {
              counts.put(JobStatus.parse(rs.getString(1)), rs.getLong(2));
            }
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  /**
   * The newest job over {@code target}'s table, id column and columns (the same set, whatever the
   * order and the contexts), if any; dry runs included.
   */
  public Optional<JobInfo> latest(ReencryptTarget target) {
    Set<String> columns = new HashSet<>(target.columns());
    Optional<Long> id =
        db.call(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, columns_spec FROM reencrypt_jobs WHERE table_name = ? AND"
                          + " id_column = ? ORDER BY id DESC")) {
                ps.setString(1, target.table());
                ps.setString(2, target.idColumn());
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ReencryptTarget t =
                        ReencryptTarget.fromStored(
                            target.table(), target.idColumn(), rs.getString(2));
                    if (new HashSet<>(t.columns()).equals(columns)) {
                      return Optional.of(rs.getLong(1));
                    }
                  }
                  return Optional.<Long>empty();
                }
              }
            });
    return id.map(store::load);
  }

  /**
   * The job {@link ReencryptJobs#resumeLatest} would resume: the newest pending, running, paused or
   * failed job of {@code target} that is not a dry run.
   */
  public Optional<JobInfo> latestUnfinished(ReencryptTarget target) {
    return store.latestUnfinished(target).map(store::load);
  }

  static void checkTarget(Connection c, ReencryptTarget t) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery(
              "SELECT "
                  + t.idColumn()
                  + ", "
                  + String.join(", ", t.columns())
                  + " FROM "
                  + t.table()
                  + " WHERE 1 = 0")
          .close();
    } catch (SQLException e) {
      throw new ReencryptJobException(
          "target "
              + t.table()
              + "("
              + t.idColumn()
              + "): "
              + String.join(", ", t.columns())
              + " does not match the database: "
              + Db.firstLine(e.getMessage()).strip()
              + ". Check the table, id column and column names (and the schema the connection"
              + " uses).",
          e);
    }
    IdType.detect(c, t.table(), t.idColumn());
  }
}
