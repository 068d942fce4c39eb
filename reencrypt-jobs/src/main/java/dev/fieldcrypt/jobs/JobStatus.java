package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.InvalidArgumentException;
import java.util.Locale;

/**
 * Where a job is in its life: {@code pending → running → finished | failed | cancelled}, and {@code
 * paused}. A {@code running} job whose workers stopped heartbeating can be taken over; {@code
 * paused} and {@code failed} jobs can be resumed; {@code finished} and {@code cancelled} are final.
 */
public enum JobStatus {
  PENDING,
  RUNNING,
  PAUSED,
  FINISHED,
  FAILED,
  CANCELLED;

  /** The value stored in {@code reencrypt_jobs.status}. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stored or user-typed status, case-insensitively. */
  public static JobStatus parse(String value) {
    for (JobStatus s : values()) {
      if (s.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return s;
      }
    }
    throw new InvalidArgumentException(
        "unknown job status '"
            + value
            + "'; use one of pending, running, paused, finished, failed,"
            + " cancelled");
  }

  /** Whether a job in this state will never run again. */
  public boolean isFinal() {
    return this == FINISHED || this == CANCELLED;
  }
}
