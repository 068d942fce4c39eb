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

  private final JobTables tables;
  private final BatchRewriter rewriter;
  private final JobRun run;
  private final String workerId;
  private boolean released;

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
      if (!process(claimed.get())) {
        return null;
      }
    }
  }

  /** Pages through one chunk; false when the worker must stop (lease lost, job not running). */
  private boolean process(Chunk chunk) throws SQLException {
    log.debug("worker {} took chunk {} of job {}", workerId, chunk.chunkNo(), chunk.jobId());
    JobOptions o = run.options();
    released = false;
    try (Connection c = tables.db().open()) {
      c.setAutoCommit(false);
      Object cursor = chunk.resumeAfter();
      Counts uncommitted = new Counts();
      int sinceCommit = 0;
      try {
        while (true) {
          BatchRewriter.Page page = rewriter.page(c, cursor, chunk.upper(), o.batchSize());
          boolean done = page.rows() < o.batchSize();
          if (page.lastId() != null) {
            cursor = page.lastId();
          }
          if (!o.dryRun()) {
            tables.errors().insertErrors(c, chunk.jobId(), page.errors());
          }
          if (!tables
              .chunks()
              .checkpointChunk(c, chunk, cursor, page.counts(), done, run.idType())) {
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
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } finally {
      if (!released) {
        tables.chunks().release(chunk);
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
}
