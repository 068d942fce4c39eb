package dev.fieldcrypt.jobs;

/**
 * Receives progress after every committed batch of this process's workers, from their threads:
 * implementations must be thread-safe and quick (a progress bar, a log line).
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(JobProgress progress);
}
