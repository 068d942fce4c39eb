package dev.fieldcrypt.jobs;

import java.util.concurrent.atomic.AtomicLong;

/** One process's run of a job: its options, and progress counters shared by its workers. */
final class JobRun {
  private final long jobId;
  private final JobOptions options;
  private final IdType idType;
  private final long total;

  /** When this process's workers first claimed a chunk: the rate counts from there. */
  private final AtomicLong claimedNanos = new AtomicLong(Long.MIN_VALUE);

  private final AtomicLong processed;
  private final AtomicLong reencrypted;
  private final AtomicLong skipped;
  private final AtomicLong errors;
  private final AtomicLong processedHere = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  JobRun(JobInfo job, JobOptions options, IdType idType) {
    this.jobId = job.id();
    this.options = options;
    this.idType = idType;
    this.total = job.total();
    this.processed = new AtomicLong(job.processed());
    this.reencrypted = new AtomicLong(job.reencrypted());
    this.skipped = new AtomicLong(job.skipped());
    this.errors = new AtomicLong(job.errors());
  }

  long jobId() {
    return jobId;
  }

  JobOptions options() {
    return options;
  }

  IdType idType() {
    return idType;
  }

  /**
   * Marks the first chunk claimed in this run: the rate is measured from here, so time spent
   * waiting for a dead worker's lease does not dilute it.
   */
  void claimed() {
    claimedNanos.compareAndSet(Long.MIN_VALUE, System.nanoTime());
  }

  /** Counts a batch rolled back by a transient database error and retried. */
  void retried() {
    retries.incrementAndGet();
  }

  /** Batches this process retried after a deadlock, serialization failure or lock timeout. */
  long retries() {
    return retries.get();
  }

  /** Adds a committed transaction's counts and tells the listener. */
  void committed(Counts c) {
    long p = processed.addAndGet(c.processed);
    long here = processedHere.addAndGet(c.processed);
    reencrypted.addAndGet(c.reencrypted);
    skipped.addAndGet(c.skipped + c.conflicts);
    errors.addAndGet(c.errors);
    claimed(); // a commit without a claim is impossible; keeps the clock set regardless
    double seconds = Math.max(1e-3, (System.nanoTime() - claimedNanos.get()) / 1e9);
    options
        .progress()
        .onProgress(
            new JobProgress(
                jobId, p, total, reencrypted.get(), skipped.get(), errors.get(), here / seconds));
  }
}
