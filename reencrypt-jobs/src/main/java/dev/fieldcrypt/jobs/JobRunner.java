package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.FieldcryptException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one job in this process: its workers, until the job is finished, paused or failed. */
final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final JobTables tables;
  private final FieldCipher cipher;

  JobRunner(JobTables tables, FieldCipher cipher) {
    this.tables = tables;
    this.cipher = cipher;
  }

  /** Runs (or joins, or takes over) job {@code jobId} and returns its state at the end. */
  JobInfo run(long jobId, JobOptions options, boolean resumed) {
    JobTable jobs = tables.jobs();
    JobInfo job = jobs.load(jobId);
    if (job.status().isFinal()) {
      log.info("job {} is already {}; nothing to do", jobId, job.status().dbValue());
      return job;
    }
    ReencryptJobs.checkResumable(job, cipher.activeVersion(), options);
    // The job writes its own version to the end, whatever a live keyring's active version becomes.
    FieldCipher jobCipher = pinnedTo(job);
    if (!jobs.transition(
        jobId,
        List.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED),
        JobStatus.RUNNING,
        null)) {
      return jobs.load(jobId);
    }
    IdType idType = jobs.idType(jobId);
    JobRun run = new JobRun(job, options, idType);
    BatchRewriter rewriter =
        new BatchRewriter(
            jobCipher,
            TargetTable.of(job.target(), idType),
            job.targetVersion(),
            job.dryRun(),
            job.encryptPlaintext(),
            options.rewriteUnchanged(),
            // Spare cores (fewer workers than cores here) take the cryptography of long pages.
            options.workers() < Runtime.getRuntime().availableProcessors());
    options.progress().onStart(jobs.load(jobId), resumed);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    ChunkTable.Held waiting = null;
    while (true) {
      String failure = runWorkers(run, rewriter, options, runId);
      if (failure != null) {
        jobs.transition(jobId, List.of(JobStatus.RUNNING), JobStatus.FAILED, failure);
        break;
      }
      if (tables.chunks().unfinishedChunks(jobId) == 0) {
        jobs.transition(jobId, List.of(JobStatus.RUNNING), JobStatus.FINISHED, null);
        break;
      }
      if (jobs.load(jobId).status() != JobStatus.RUNNING) {
        break;
      }
      waiting = tellWaiting(jobId, options, waiting);
      sleep(POLL); // chunks held by live workers elsewhere: wait for them to finish or go stale
    }
    JobInfo end = jobs.load(jobId);
    log.info(
        "job {} {}: processed {}, re-encrypted {}, skipped {}, errors {}, conflicts {}, batches"
            + " retried here {}",
        jobId,
        end.status().dbValue(),
        end.processed(),
        end.reencrypted(),
        end.skipped(),
        end.errors(),
        end.conflicts(),
        run.retries());
    return end;
  }

  private FieldCipher pinnedTo(JobInfo job) {
    try {
      return cipher.withActiveVersion(job.targetVersion());
    } catch (FieldcryptException e) {
      throw new ReencryptJobException(
          "job " + job.id() + " cannot run: " + e.getMessage() + " Cancel it and start a new job.");
    }
  }

  /**
   * Tells the listener what this process waits for when the number of held chunks changed (not on
   * every heartbeat of a live worker, which moves the expiry); returns what it told.
   */
  private ChunkTable.Held tellWaiting(long jobId, JobOptions options, ChunkTable.Held told) {
    ChunkTable.Held held = tables.chunks().held(jobId);
    if (held == null) {
      return told;
    }
    if (told == null || held.chunks() != told.chunks()) {
      Instant expires = held.oldestHeartbeat().plus(options.leaseTimeout());
      log.info(
          "job {}: {} chunk(s) held by other workers; waiting for them, or for the first lease to"
              + " run out at {}",
          jobId,
          held.chunks(),
          expires);
      options.progress().onWaiting(jobId, held.chunks(), expires);
      return held;
    }
    return told;
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
        futures.add(pool.submit(new Worker(tables, rewriter, run, workerId)));
      }
      String failure = null;
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failure = describe(e.getCause());
          log.error("a worker of job {} failed: {}", run.jobId(), failure);
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

  /** A worker's failure as it may be stored and shown: never a driver's message (it quotes SQL). */
  private static String describe(Throwable t) {
    if (t instanceof SQLException e) {
      return "database error: " + SqlErrors.describe(e);
    }
    if (t instanceof ReencryptJobException e) {
      return e.getMessage();
    }
    return "unexpected " + t.getClass().getSimpleName() + " in a worker (see the log)";
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
