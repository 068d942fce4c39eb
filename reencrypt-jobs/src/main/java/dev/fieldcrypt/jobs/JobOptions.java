package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.InvalidArgumentException;
import java.time.Duration;

/**
 * How a job runs. Immutable; build with {@link #builder()}. Defaults: batch size 500, commit every
 * 1,000 rows, one worker, no dry run, no plaintext migration, no error limit, a 60-second lease.
 *
 * <pre>{@code
 * JobOptions opts = JobOptions.builder().batchSize(1000).workers(4).maxErrors(100).build();
 * }</pre>
 */
public final class JobOptions {
  private final int batchSize;
  private final int commitEvery;
  private final int workers;
  private final boolean dryRun;
  private final boolean encryptPlaintext;
  private final Integer maxErrors;
  private final Duration leaseTimeout;
  private final ProgressListener progress;
  private final String workerName;
  private final boolean rewriteUnchanged;

  private JobOptions(Builder b) {
    this.batchSize = b.batchSize;
    this.commitEvery = b.commitEvery;
    this.workers = b.workers;
    this.dryRun = b.dryRun;
    this.encryptPlaintext = b.encryptPlaintext;
    this.maxErrors = b.maxErrors;
    this.leaseTimeout = b.leaseTimeout;
    this.progress = b.progress;
    this.workerName = b.workerName;
    this.rewriteUnchanged = b.rewriteUnchanged;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static JobOptions defaults() {
    return builder().build();
  }

  /** Rows read and written per batch (one keyset page). */
  public int batchSize() {
    return batchSize;
  }

  /** Rows per transaction; batches are committed together until at least this many are done. */
  public int commitEvery() {
    return commitEvery;
  }

  /** Worker threads in this process. Workers in other processes may join with resume. */
  public int workers() {
    return workers;
  }

  /** Count what would change; write nothing but the job record. */
  public boolean dryRun() {
    return dryRun;
  }

  /** Encrypt values that are not ciphertext yet (turning encryption on for a column). */
  public boolean encryptPlaintext() {
    return encryptPlaintext;
  }

  /** Fail the job once more rows than this could not be re-encrypted; null for no limit. */
  public Integer maxErrors() {
    return maxErrors;
  }

  /** A running chunk or job whose heartbeat is older than this may be taken over. */
  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  public ProgressListener progress() {
    return progress;
  }

  /** Prefix of this process's worker ids (default host name and process id). */
  public String workerName() {
    return workerName;
  }

  /**
   * Benchmark baseline: values are written back unchanged. See {@link Builder#rewriteUnchanged}.
   */
  public boolean rewriteUnchanged() {
    return rewriteUnchanged;
  }

  /** Builds {@link JobOptions}; every setter validates at once. Not thread-safe. */
  public static final class Builder {
    private int batchSize = 500;
    private int commitEvery = 1000;
    private int workers = 1;
    private boolean dryRun;
    private boolean encryptPlaintext;
    private Integer maxErrors;
    private Duration leaseTimeout = Duration.ofSeconds(60);
    private ProgressListener progress = ProgressListener.NONE;
    private String workerName = defaultWorkerName();
    private boolean rewriteUnchanged;

    private Builder() {}

    public Builder batchSize(int rows) {
      this.batchSize = positive(rows, "batch size", 100_000);
      return this;
    }

    public Builder commitEvery(int rows) {
      this.commitEvery = positive(rows, "commit interval", 10_000_000);
      return this;
    }

    public Builder workers(int workers) {
      this.workers = positive(workers, "worker count", 256);
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder encryptPlaintext(boolean encryptPlaintext) {
      this.encryptPlaintext = encryptPlaintext;
      return this;
    }

    public Builder maxErrors(Integer maxErrors) {
      if (maxErrors != null && maxErrors < 0) {
        throw new InvalidArgumentException(
            "max errors must be >= 0 (or null for no limit), got " + maxErrors);
      }
      this.maxErrors = maxErrors;
      return this;
    }

    public Builder leaseTimeout(Duration leaseTimeout) {
      if (leaseTimeout == null || leaseTimeout.isNegative()) {
        throw new InvalidArgumentException("lease timeout must be zero or positive");
      }
      this.leaseTimeout = leaseTimeout;
      return this;
    }

    public Builder progress(ProgressListener progress) {
      this.progress = progress == null ? ProgressListener.NONE : progress;
      return this;
    }

    public Builder workerName(String workerName) {
      if (workerName == null || workerName.isBlank() || workerName.length() > 150) {
        throw new InvalidArgumentException("worker name must be 1 to 150 characters");
      }
      this.workerName = workerName;
      return this;
    }

    /**
     * For benchmarks only: every non-null value is written back exactly as read, through the same
     * keyset read and compare-and-set write, without any cryptography. It measures the ceiling a
     * re-encryption can reach on a database; it never changes data. Applies to the run it is passed
     * to.
     */
    public Builder rewriteUnchanged(boolean rewriteUnchanged) {
      this.rewriteUnchanged = rewriteUnchanged;
      return this;
    }

    public JobOptions build() {
      return new JobOptions(this);
    }

    private static int positive(int v, String what, int max) {
      if (v < 1 || v > max) {
        throw new InvalidArgumentException(what + " must be between 1 and " + max + ", got " + v);
      }
      return v;
    }

    private static String defaultWorkerName() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
      return host + ":" + ProcessHandle.current().pid();
    }
  }
}
