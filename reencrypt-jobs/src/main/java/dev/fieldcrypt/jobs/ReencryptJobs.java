package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldCipher;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-encryption jobs front door: brings every value of a target's encrypted columns to the
 * keyring's active version, over plain JDBC, and inspects, pauses, cancels and cleans up jobs.
 *
 * <p>Guarantees: values already on the active version are skipped without decrypting; every write
 * is a compare-and-set on the value read, so a concurrent application write is never overwritten; a
 * batch's rows and the job's checkpoint commit in one transaction, so after a crash the job resumes
 * where its last commit left it; an undecryptable value is recorded in {@code reencrypt_job_errors}
 * with its reason, never skipped silently. Workers in this and other processes share a job through
 * the database alone (chunk leases, {@code FOR UPDATE SKIP LOCKED} on PostgreSQL). Logs, messages
 * and job tables never contain a value, a key or a database driver's message.
 *
 * <p>A searchable column ({@link ReencryptTarget#searchIndex}) has its blind index written with its
 * value, under the same version and in the same compare-and-set on the value ({@code UPDATE t SET c
 * = ?, c_idx = ? WHERE id = ? AND c = ?}); a current value whose index is missing, stale or of
 * another spec gets its index (a backfill: how search is added to an existing column). A row
 * rewritten for its index alone counts as re-encrypted.
 *
 * <p>An instance made without a cipher ({@link #create(DataSource)}) serves operators and
 * dashboards that must not hold keys: everything but creating and running jobs.
 *
 * <p>Thread-safe. The job tables must exist ({@code FieldcryptSchema.migrate(dataSource)}). A run
 * blocks its caller until the job ends and borrows {@code workers + 2} connections from the data
 * source (one per worker, one for claims and checkpoints of the job row, one for the poller).
 *
 * <pre>{@code
 * ReencryptJobs jobs = ReencryptJobs.create(dataSource, FieldCipher.create(keyring));
 * JobInfo done = jobs.startOrResume(ReencryptTarget.of("users", "id").column("otp_secret"),
 *     JobOptions.builder().workers(4).build());
 * }</pre>
 */
public final class ReencryptJobs {
  private static final Logger log = LoggerFactory.getLogger(ReencryptJobs.class);

  private final JobTables tables;
  private final FieldCipher cipher;

  private ReencryptJobs(DataSource dataSource, FieldCipher cipher) {
    this.tables = JobTables.over(dataSource);
    this.cipher = cipher;
  }

  /**
   * A jobs facade over {@code dataSource}, re-encrypting to {@code cipher}'s active version.
   *
   * @throws ReencryptJobException when the database cannot be reached
   */
  public static ReencryptJobs create(DataSource dataSource, FieldCipher cipher) {
    if (dataSource == null || cipher == null) {
      throw new ReencryptJobException(
          "dataSource and cipher must not be null; without keys use ReencryptJobs.create(dataSource)");
    }
    return new ReencryptJobs(dataSource, cipher);
  }

  /**
   * A facade that holds no keyring: it lists, pauses, cancels, cleans up and counts, but cannot
   * create or run a job.
   *
   * @throws ReencryptJobException when the database cannot be reached
   */
  public static ReencryptJobs create(DataSource dataSource) {
    if (dataSource == null) {
      throw new ReencryptJobException("dataSource must not be null");
    }
    return new ReencryptJobs(dataSource, null);
  }

  // --- running jobs (needs the cipher) ---

  /**
   * Creates a job for {@code target} and runs it to its end in this process. The job's version is
   * the cipher's active version now; with a live cipher, it keeps that version for its whole run
   * even if the keyring's active version moves on meanwhile.
   */
  public JobInfo start(ReencryptTarget target, JobOptions options) {
    FieldCipher pinned = pinned();
    return new JobRunner(tables, pinned).run(create(target, options, pinned), options, false);
  }

  /**
   * Joins the unfinished job of {@code target} (pending, running, paused or failed, not a dry run)
   * as this process's workers, or creates one when there is none, and runs it to its end. This is
   * what a deployment runs on every instance: all of them end up working on the same job.
   */
  public JobInfo startOrResume(ReencryptTarget target, JobOptions options) {
    FieldCipher c = pinned();
    // One transaction holds the target's lock row while it looks for an unfinished job and
    // creates one if there is none: processes started together make one job and all join it.
    long[] found = new long[1];
    boolean[] joined = new boolean[1];
    tables
        .db()
        .inTransaction(
            conn -> {
              tables.jobs().lockTarget(conn, target);
              Optional<Long> existing =
                  options.dryRun()
                      ? Optional.empty()
                      : tables.jobs().latestUnfinished(conn, target);
              joined[0] = existing.isPresent();
              found[0] = joined[0] ? existing.get() : createLocked(conn, target, options, c);
              return null;
            });
    if (joined[0]) {
      log.info("joining unfinished job {} of {}", found[0], target);
    }
    return new JobRunner(tables, c).run(found[0], options, joined[0]);
  }

  /**
   * Creates a pending job (counting the rows and splitting the id range into chunks for the
   * workers) without running it; run it here or in other processes with {@link #resume}.
   */
  public long create(ReencryptTarget target, JobOptions options) {
    return create(target, options, pinned());
  }

  private long create(ReencryptTarget target, JobOptions options, FieldCipher c) {
    return tables
        .db()
        .inTransaction(
            conn -> {
              tables.jobs().lockTarget(conn, target);
              return createLocked(conn, target, options, c);
            });
  }

  /** Creates the job in the caller's transaction, which holds the target's lock. */
  private long createLocked(
      Connection conn, ReencryptTarget target, JobOptions options, FieldCipher c)
      throws SQLException {
    TargetTable table = TargetTable.check(conn, target);
    long total = table.count(conn);
    List<Object[]> bounds = table.chunkBounds(conn, options.workers(), total);
    String version = c.activeVersion();
    long id = tables.jobs().insert(conn, target, version, table.idType(), options, total);
    tables.chunks().insert(conn, id, table.idType(), bounds);
    log.info(
        "job {} created: {} to version {}, {} rows, {} chunk(s){}",
        id,
        target,
        version,
        total,
        bounds.size(),
        options.dryRun() ? ", dry run" : "");
    return id;
  }

  /**
   * Runs (or joins, or takes over) job {@code jobId} until it is finished, paused, cancelled or
   * failed, and returns its final state. A finished or cancelled job is returned as is: resuming it
   * processes no row.
   *
   * @throws ReencryptJobException when the job cannot be resumed with this keyring or these options
   *     (see {@link #checkResumable})
   */
  public JobInfo resume(long jobId, JobOptions options) {
    return runner().run(jobId, options, true);
  }

  /** Resumes the newest unfinished (pending, running, paused or failed) job of {@code target}. */
  public Optional<JobInfo> resumeLatest(ReencryptTarget target, JobOptions options) {
    return latestUnfinished(target).map(j -> runner().run(j.id(), options, true));
  }

  /**
   * Checks that {@code job} can be resumed by this facade with {@code options}: its target version
   * is the keyring's active version, and the options do not ask for what the job was not created
   * with. What {@link #resume} checks first; callers that ask an operator before running call it
   * earlier.
   *
   * @throws ReencryptJobException naming the job, the mismatch and the remedy
   */
  public void checkResumable(JobInfo job, JobOptions options) {
    checkResumable(job, requireCipher().activeVersion(), options);
  }

  static void checkResumable(JobInfo job, String activeVersion, JobOptions options) {
    if (job.status().isFinal()) {
      return;
    }
    if (!job.targetVersion().equals(activeVersion)) {
      throw new ReencryptJobException(
          "job "
              + job.id()
              + " re-encrypts to version '"
              + job.targetVersion()
              + "' but the keyring's active version is '"
              + activeVersion
              + "'; cancel it (fieldcrypt cancel-job --job-id "
              + job.id()
              + ") and start a new job, or use the keyring it was started with.");
    }
    if (options.encryptPlaintext() && !job.encryptPlaintext()) {
      throw new ReencryptJobException(
          "job "
              + job.id()
              + " was created without plaintext migration and a job keeps the options it was"
              + " created with; resume it without it, or cancel it and start a new job.");
    }
  }

  // --- inspecting and steering jobs (no keyring needed) ---

  /**
   * Checks that {@code target}'s table, id column and columns exist and can be re-encrypted, so
   * that a typo fails with its own message before a job is created.
   *
   * @throws ReencryptJobException naming the target and what does not match
   */
  public void verify(ReencryptTarget target) {
    tables.db().run(c -> TargetTable.check(c, target));
  }

  /**
   * The job with this id.
   *
   * @throws ReencryptJobException when there is none
   */
  public JobInfo job(long jobId) {
    return tables.jobs().load(jobId);
  }

  /** The newest jobs first, optionally of one status only (null for all). */
  public List<JobInfo> list(JobStatus status, int limit) {
    if (limit < 1) {
      throw new ReencryptJobException("limit must be at least 1, got " + limit);
    }
    return tables.jobs().list(status, limit);
  }

  /** The values job {@code jobId} could not re-encrypt, oldest first (row ids, never values). */
  public List<JobError> errors(long jobId, int limit) {
    return tables.errors().errors(jobId, limit);
  }

  /**
   * The check after a finished job: how many rows of its target still hold a value that is neither
   * null nor under the job's target version (for a searchable column also: a value without an index
   * under that version, or an index beside a null value), beyond the rows the job reported as
   * errors. 0 when the job left nothing behind. More means rows the job never examined, or values
   * written under an older version while the job ran (an instance whose keyring is older than the
   * job's): run the job again, and check every instance's keyring. A full scan of the target; no
   * keyring needed. For a dry run, or a job that did not finish, it is 0: nothing was promised.
   */
  public long leftBehind(JobInfo job) {
    if (job.dryRun() || job.status() != JobStatus.FINISHED) {
      return 0;
    }
    return tables
        .db()
        .call(
            conn -> {
              long notUnder =
                  TargetTable.check(conn, job.target()).countNotUnder(conn, job.targetVersion());
              return Math.max(0, notUnder - tables.errors().erroredRows(conn, job.id()));
            });
  }

  /**
   * Asks the job's workers, in every process, to stop after their current batch.
   *
   * @return false when the job is not pending or running
   */
  public boolean pause(long jobId) {
    return tables
        .jobs()
        .transition(jobId, List.of(JobStatus.PENDING, JobStatus.RUNNING), JobStatus.PAUSED, null);
  }

  /**
   * Cancels the job for good; rows already rewritten stay rewritten, they are valid.
   *
   * @return false when the job is already finished or cancelled
   */
  public boolean cancel(long jobId) {
    return tables
        .jobs()
        .transition(
            jobId,
            List.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED),
            JobStatus.CANCELLED,
            null);
  }

  /**
   * Deletes (or, in a dry run, only finds) finished, cancelled and failed jobs that ended more than
   * {@code finishedOlderThan} ago, and unfinished ones not heard from for {@code stalledOlderThan},
   * with their chunks and errors.
   *
   * @return the ids of the jobs deleted (or that would be), oldest first
   */
  public List<Long> cleanup(Duration finishedOlderThan, Duration stalledOlderThan, boolean dryRun) {
    if (finishedOlderThan == null || stalledOlderThan == null) {
      throw new ReencryptJobException("the cleanup ages must not be null");
    }
    Instant now = Instant.now();
    List<Long> ids =
        tables.jobs().cleanupCandidates(now.minus(finishedOlderThan), now.minus(stalledOlderThan));
    if (!dryRun) {
      tables.jobs().delete(ids);
      log.info("deleted {} old re-encryption job(s): {}", ids.size(), ids);
    }
    return ids;
  }

  /**
   * Rows per key version, plaintext, damaged and null rows of each column of {@code target}, by the
   * classification rule of docs/format.md; nothing is decrypted. With a cipher, its keyring's
   * labels take part in the rule; without, only the generated labels ({@code v1}, {@code v2}, …). A
   * searchable column's entry is followed by one for its index column: index values per version,
   * nulls, and as damaged what is not an index value; so {@link KeyRetirement#plan} keeps a version
   * an index still holds.
   */
  public List<TargetStats> stats(ReencryptTarget target) {
    Set<String> labels = cipher == null ? Set.of() : new HashSet<>(cipher.keyring().labels());
    return tables.db().call(c -> Stats.of(c, TargetTable.check(c, target), labels));
  }

  /** How many jobs are in each state (every state is present, zero when none). */
  public Map<JobStatus, Long> countByStatus() {
    return tables.jobs().countByStatus();
  }

  /**
   * The newest job over {@code target}'s table, id column and columns (the same set, whatever the
   * order and the contexts), if any; dry runs included.
   */
  public Optional<JobInfo> latest(ReencryptTarget target) {
    return tables.jobs().latest(target);
  }

  /**
   * The job {@link #startOrResume} would join: the newest pending, running, paused or failed job of
   * {@code target} that is not a dry run.
   */
  public Optional<JobInfo> latestUnfinished(ReencryptTarget target) {
    return tables.jobs().latestUnfinished(target).map(tables.jobs()::load);
  }

  private JobRunner runner() {
    return new JobRunner(tables, requireCipher());
  }

  /** The cipher with its active version of this moment pinned, for one job's whole run. */
  private FieldCipher pinned() {
    FieldCipher c = requireCipher();
    return c.withActiveVersion(c.activeVersion());
  }

  private FieldCipher requireCipher() {
    if (cipher == null) {
      throw new ReencryptJobException(
          "this ReencryptJobs holds no keyring (made with create(dataSource)); creating and"
              + " running jobs needs ReencryptJobs.create(dataSource, FieldCipher.create(keyring))");
    }
    return cipher;
  }
}
