package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-encryption jobs front door: brings every value of a target's encrypted columns to the
 * keyring's active version, over plain JDBC.
 *
 * <p>Guarantees: values already on the active version are skipped without decrypting; every write
 * is a compare-and-set on the value read, so a concurrent application write is never overwritten; a
 * batch's rows and the job's checkpoint commit in one transaction, so after a crash the job resumes
 * where its last commit left it; an undecryptable value is recorded in {@code reencrypt_job_errors}
 * with its reason, never skipped silently. Workers in this and other processes share a job through
 * the database alone (chunk leases, {@code FOR UPDATE SKIP LOCKED} on PostgreSQL). Logs never
 * contain a value or a key.
 *
 * <p>Thread-safe. The job tables must exist ({@code FieldcryptSchema.migrate(dataSource)}).
 *
 * <pre>{@code
 * ReencryptJobs jobs = ReencryptJobs.create(dataSource, FieldCipher.create(keyring));
 * JobInfo done = jobs.start(ReencryptTarget.of("users", "id").column("otp_secret"),
 *     JobOptions.builder().workers(4).build());
 * }</pre>
 */
public final class ReencryptJobs {
  private static final Logger log = LoggerFactory.getLogger(ReencryptJobs.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Db db;
  private final JobStore store;
  private final JobAdmin admin;
  private final FieldCipher cipher;

  private ReencryptJobs(DataSource dataSource, FieldCipher cipher) {
    this.db = new Db(dataSource);
    this.store = new JobStore(db);
    this.admin = new JobAdmin(db, store);
    this.cipher = cipher;
  }

  /**
   * The operations that need no keyring (list, pause, cancel, cleanup, stats), on the same
   * database.
   */
  public JobAdmin admin() {
    return admin;
  }

  /** A jobs facade over {@code dataSource}, re-encrypting to {@code cipher}'s active version. */
  public static ReencryptJobs create(DataSource dataSource, FieldCipher cipher) {
    if (dataSource == null || cipher == null) {
      throw new IllegalArgumentException("dataSource and cipher must not be null");
    }
    return new ReencryptJobs(dataSource, cipher);
  }

  /** Creates a job for {@code target} and runs it to its end in this process. */
  public JobInfo start(ReencryptTarget target, JobOptions options) {
    return run(create(target, options), options);
  }

  /**
   * Creates a pending job (counting the rows and splitting the id range into chunks for the
   * workers) without running it; run it here or in other processes with {@link #resume}.
   */
  public long create(ReencryptTarget target, JobOptions options) {
    target.requireColumns();
    return db.inTransaction(
        c -> {
          JobAdmin.checkTarget(c, target);
          IdType idType = IdType.detect(c, target.table(), target.idColumn());
          long total = count(c, target);
          List<Object[]> bounds = chunkBounds(c, target, idType, options.workers(), total);
          long id = store.insert(c, target, cipher.activeVersion(), idType, options, total, bounds);
          log.info(
              "job {} created: {} to version {}, {} rows, {} chunk(s){}",
              id,
              target,
              cipher.activeVersion(),
              total,
              bounds.size(),
              options.dryRun() ? ", dry run" : "");
          return id;
        });
  }

  /**
   * Runs (or joins, or takes over) job {@code jobId} until it is finished, paused, cancelled or
   * failed, and returns its final state. A finished or cancelled job is returned as is: resuming it
   * processes no row.
   */
  public JobInfo resume(long jobId, JobOptions options) {
    return run(jobId, options);
  }

  /** Resumes the newest unfinished (pending, running, paused or failed) job of {@code target}. */
  public Optional<JobInfo> resumeLatest(ReencryptTarget target, JobOptions options) {
    return store.latestUnfinished(target).map(id -> run(id, options));
  }

  /** See {@link JobAdmin#pause}. */
  public boolean pause(long jobId) {
    return admin.pause(jobId);
  }

  /** See {@link JobAdmin#cancel}. */
  public boolean cancel(long jobId) {
    return admin.cancel(jobId);
  }

  /** See {@link JobAdmin#job}. */
  public JobInfo job(long jobId) {
    return admin.job(jobId);
  }

  /** See {@link JobAdmin#list}. */
  public List<JobInfo> list(JobStatus status, int limit) {
    return admin.list(status, limit);
  }

  /** See {@link JobAdmin#errors}. */
  public List<JobError> errors(long jobId, int limit) {
    return admin.errors(jobId, limit);
  }

  /** See {@link JobAdmin#cleanup}. */
  public List<Long> cleanup(Duration finishedOlderThan, Duration stalledOlderThan, boolean dryRun) {
    return admin.cleanup(finishedOlderThan, stalledOlderThan, dryRun);
  }

  /** See {@link JobAdmin#stats}. */
  public List<TargetStats> stats(ReencryptTarget target) {
    return admin.stats(target);
  }

  private JobInfo run(long jobId, JobOptions options) {
    JobInfo job = store.load(jobId);
    if (job.status().isFinal()) {
      log.info("job {} is already {}; nothing to do", jobId, job.status().dbValue());
      return job;
    }
    if (!job.targetVersion().equals(cipher.activeVersion())) {
      throw new ReencryptJobException(
          "job "
              + jobId
              + " re-encrypts to version '"
              + job.targetVersion()
              + "' but the keyring's active version is '"
              + cipher.activeVersion()
              + "'. Cancel it and start a new job, or load the keyring the job was started with.");
    }
    if (!store.transition(
        jobId,
        List.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED),
        JobStatus.RUNNING,
        null)) {
      return store.load(jobId);
    }
    IdType idType = store.idType(jobId);
    JobRun run = new JobRun(job, options, idType);
    BatchRewriter rewriter =
        new BatchRewriter(
            cipher,
            job.target(),
            idType,
            job.targetVersion(),
            job.dryRun(),
            job.encryptPlaintext(),
            options.rewriteUnchanged(),
            // Spare cores (fewer workers than cores here) take the cryptography of long pages.
            options.workers() < Runtime.getRuntime().availableProcessors());
    String runId = UUID.randomUUID().toString().substring(0, 8);
    while (true) {
      String failure = runWorkers(run, rewriter, options, runId);
      if (failure != null) {
        store.transition(jobId, List.of(JobStatus.RUNNING), JobStatus.FAILED, failure);
        break;
      }
      if (store.unfinishedChunks(jobId) == 0) {
        store.transition(jobId, List.of(JobStatus.RUNNING), JobStatus.FINISHED, null);
        break;
      }
      if (store.load(jobId).status() != JobStatus.RUNNING) {
        break;
      }
      sleep(POLL); // chunks held by live workers elsewhere: wait for them to finish or go stale
    }
    JobInfo end = store.load(jobId);
    log.info(
        "job {} {}: processed {}, re-encrypted {}, skipped {}, errors {}, conflicts {}",
        jobId,
        end.status().dbValue(),
        end.processed(),
        end.reencrypted(),
        end.skipped(),
        end.errors(),
        end.conflicts());
    return end;
  }

  private String runWorkers(JobRun run, BatchRewriter rewriter, JobOptions options, String runId) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.workers(),
            r -> {
              Thread t = new Thread(r, "fieldcrypt-job-" + run.jobId() + "-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < options.workers(); i++) {
        String workerId = options.workerName() + "/" + runId + "/" + i;
        futures.add(pool.submit(new Worker(db, store, rewriter, run, workerId)));
      }
      String failure = null;
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          log.error("a worker of job {} failed: {}", run.jobId(), describe(cause));
          failure = describe(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          return "interrupted";
        }
      }
      return failure;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(Throwable t) {
    if (t instanceof SQLException e) {
      return Db.failure("database error", e).getMessage();
    }
    return t.getClass().getSimpleName() + ": " + Db.firstLine(t.getMessage());
  }

  private static long count(Connection c, ReencryptTarget t) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t.table())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Splits the id range into about {@code 4 × workers} chunks of equal row counts, with one pass of
   * ROW_NUMBER over the ids (no MAX, which PostgreSQL lacks for uuid). The first chunk is open
   * below and the last open above, so rows inserted later are covered too. One worker gets one
   * unbounded chunk and no scan.
   */
  private static List<Object[]> chunkBounds(
      Connection c, ReencryptTarget t, IdType idType, int workers, long total) throws SQLException {
    List<Object[]> bounds = new ArrayList<>();
    long step = (total + workers * 4L - 1) / (workers * 4L);
    if (workers == 1 || step < 1) {
      bounds.add(new Object[] {null, null});
      return bounds;
    }
    String id = t.idColumn();
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
                + t.table()
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReencryptJobException("interrupted while waiting for other workers");
    }
  }
}
