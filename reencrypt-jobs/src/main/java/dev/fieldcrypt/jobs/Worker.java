package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a job: claims chunks until none is left, and pages through each, committing the
 * rewritten rows together with the chunk's cursor and the job's counters. Stops as soon as a
 * checkpoint finds its lease taken over or the job no longer running (paused, cancelled, failed).
 */
final class Worker implements Callable<Void> {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** Retries of a batch that a deadlock, serialization failure or lock timeout rolled back. */
  static final int MAX_RETRIES = 5;

  private final JobTables tables;
  private final BatchRewriter rewriter;
  private final JobRun run;
  private final String workerId;
  private boolean released;

  /** The cursor of the last commit of the chunk being processed: where a retry starts again. */
  private Object lastCommitted;

  Worker(JobTables tables, BatchRewriter rewriter, JobRun run, String workerId) {
    this.tables = tables;
    this.rewriter = rewriter;
    this.run = run;
    this.workerId = workerId;
  }

  @Override
  public Void call() throws SQLException {
    while (true) {
      Optional<Chunk> claimed =
          tables.chunks().claim(run.jobId(), workerId, run.options().leaseTimeout(), run.idType());
      if (claimed.isEmpty()) {
        return null;
      }
      run.claimed();
      if (!process(claimed.get())) {
        return null;
      }
    }
  }

  /** Pages through one chunk; false when the worker must stop (lease lost, job not running). */
  private boolean process(Chunk chunk) throws SQLException {
    log.debug("worker {} took chunk {} of job {}", workerId, chunk.chunkNo(), chunk.jobId());
    released = false;
    try (Connection c = tables.db().open()) {
      c.setAutoCommit(false);
      Object committed = chunk.resumeAfter();
      int attempt = 0;
      while (true) {
        try {
          return pages(c, chunk, committed);
        } catch (SQLException e) {
          c.rollback();
          // The bound is per stretch without progress: a commit since the last failure resets it.
          attempt = java.util.Objects.equals(lastCommitted, committed) ? attempt + 1 : 1;
          if (!SqlErrors.isTransient(e) || attempt > MAX_RETRIES) {
            throw e;
          }
          committed = lastCommitted;
          long wait = backoffMillis(attempt);
          run.retried();
          log.warn(
              "worker {}: batch of chunk {} rolled back ({}); retrying in {} ms (attempt {} of {})",
              workerId,
              chunk.chunkNo(),
              SqlErrors.describe(e),
              wait,
              attempt,
              MAX_RETRIES);
          sleep(wait);
        } catch (RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    } finally {
      if (!released) {
        tables.chunks().release(chunk);
      }
    }
  }

  /**
   * Pages through {@code chunk} from {@code from}, committing every {@code commitEvery} rows; false
   * when the worker must stop. A database error leaves the open transaction to the caller, which
   * retries from {@link #lastCommitted} when the error is transient.
   */
  private boolean pages(Connection c, Chunk chunk, Object from) throws SQLException {
    JobOptions o = run.options();
    Object cursor = from;
    lastCommitted = from;
    Counts uncommitted = new Counts();
    int sinceCommit = 0;
    while (true) {
      BatchRewriter.Page page = rewriter.page(c, cursor, chunk.upper(), o.batchSize());
      boolean done = page.rows() < o.batchSize();
      if (page.lastId() != null) {
        cursor = page.lastId();
      }
      if (!o.dryRun()) {
        tables.errors().insertErrors(c, chunk.jobId(), page.errors());
      }
      if (!tables.chunks().checkpointChunk(c, chunk, cursor, page.counts(), done, run.idType())) {
        return stop(c, chunk, "chunk " + chunk.chunkNo() + " was taken over by another worker");
      }
      uncommitted.add(page.counts());
      sinceCommit += page.rows();
      if (done || sinceCommit >= o.commitEvery()) {
        if (!tables
            .jobs()
            .addJobProgress(c, chunk.jobId(), uncommitted, workerId, cursor, run.idType())) {
          return stop(c, chunk, "job " + chunk.jobId() + " is no longer running");
        }
        c.commit();
        lastCommitted = cursor;
        run.committed(uncommitted);
        uncommitted = new Counts();
        sinceCommit = 0;
        if (tooManyErrors(c)) {
          tables.chunks().release(chunk);
          released = true;
          return false;
        }
      }
      if (done) {
        released = true;
        return true;
      }
    }
  }

  /** Rolls back the open transaction and gives the chunk back (if this worker still holds it). */
  private boolean stop(Connection c, Chunk chunk, String why) throws SQLException {
    c.rollback();
    log.info("worker {} stops: {}", workerId, why);
    tables.chunks().release(chunk);
    released = true;
    return false;
  }

  private boolean tooManyErrors(Connection c) throws SQLException {
    Integer max = run.options().maxErrors();
    if (max == null) {
      return false;
    }
    long errors = tables.jobs().errorRows(c, run.jobId());
    c.commit();
    if (errors > max) {
      tables
          .jobs()
          .transition(
              run.jobId(),
              List.of(JobStatus.RUNNING),
              JobStatus.FAILED,
              errors
                  + " rows could not be re-encrypted, more than the limit of "
                  + max
                  + "; see reencrypt_job_errors, fix the cause and resume the job");
      return true;
    }
    return false;
  }

  /** 100 ms, 200 ms, 400 ms, … up to 3.2 s, with up to 50 % jitter so retrying workers spread. */
  private static long backoffMillis(int attempt) {
    long base = 100L << Math.min(attempt - 1, 5);
    return base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReencryptJobException("interrupted while waiting to retry a batch");
    }
  }
}
