package dev.fieldcrypt.jobs;

/**
 * Receives a run's start and its progress after every committed batch of this process's workers,
 * from their threads: implementations must be thread-safe and quick (a progress bar, a log line).
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(JobProgress progress);

  /**
   * Called once this process starts (or joins) running {@code job}, before its first batch, with
   * whether the job existed before this call (resumed or joined) or was created by it.
   */
  default void onStart(JobInfo job, boolean resumed) {}

  /**
   * Called when this process has no chunk left to claim while {@code chunks} chunks are held by
   * other workers — alive elsewhere, or dead (a {@code kill -9}) and holding their lease until it
   * runs out — and again whenever that changes. {@code leaseExpires} is when the first of those
   * leases runs out unless its worker proves alive: then this process takes the chunk over.
   */
  default void onWaiting(long jobId, long chunks, java.time.Instant leaseExpires) {}
}
