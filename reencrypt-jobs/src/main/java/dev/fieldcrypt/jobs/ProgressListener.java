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
}
