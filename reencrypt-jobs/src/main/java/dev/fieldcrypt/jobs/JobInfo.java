package dev.fieldcrypt.jobs;

import java.time.Instant;
import java.util.Optional;

/**
 * A job as stored in {@code reencrypt_jobs}: target, state, counters and times. Rows are counted
 * once each: {@code processed = reencrypted + skipped + errors + conflicts}.
 *
 * @param conflicts rows the application changed during the job; they were left as the application
 *     wrote them (already on the active version), never overwritten
 */
public record JobInfo(
    long id,
    ReencryptTarget target,
    String targetVersion,
    JobStatus status,
    boolean dryRun,
    boolean encryptPlaintext,
    long total,
    long processed,
    long reencrypted,
    long skipped,
    long errors,
    long conflicts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant heartbeatAt,
    String workerId,
    String lastError) {

  public Optional<String> lastErrorMessage() {
    return Optional.ofNullable(lastError);
  }
}
