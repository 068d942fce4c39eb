package dev.fieldcrypt.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a job's progress, across all its workers.
 *
 * @param processed rows examined so far
 * @param total rows in the table when the job started
 * @param reencrypted rows rewritten
 * @param skipped rows already on the target version (or null)
 * @param errors rows that could not be re-encrypted
 * @param rowsPerSecond rows this process examined per second since its workers first claimed a
 *     chunk of the job (rows done before a resume, and time spent waiting for another worker's
 *     lease, are not counted)
 */
public record JobProgress(
    long jobId,
    long processed,
    long total,
    long reencrypted,
    long skipped,
    long errors,
    double rowsPerSecond) {

  /** Estimated time left at the current rate, if there is a rate. */
  public Optional<Duration> eta() {
    if (rowsPerSecond <= 0 || total <= processed) {
      return total <= processed ? Optional.of(Duration.ZERO) : Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) ((total - processed) / rowsPerSecond * 1000)));
  }

  /** Percentage done, 0 to 100. */
  public double percent() {
    return total <= 0 ? 100.0 : Math.min(100.0, processed * 100.0 / total);
  }
}
