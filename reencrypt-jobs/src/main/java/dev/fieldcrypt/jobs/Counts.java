package dev.fieldcrypt.jobs;

/** Per-row outcome counters of a batch or a checkpoint; mutable, confined to one worker. */
final class Counts {
  long processed;
  long reencrypted;
  long skipped;
  long errors;
  long conflicts;

  void add(Counts o) {
    processed += o.processed;
    reencrypted += o.reencrypted;
    skipped += o.skipped;
    errors += o.errors;
    conflicts += o.conflicts;
  }

  boolean isEmpty() {
    return processed == 0;
  }

  public long processed() {
    return processed;
  }

  public long reencrypted() {
    return reencrypted;
  }

  public long skipped() {
    return skipped;
  }

  public long errors() {
    return errors;
  }

  public long conflicts() {
    return conflicts;
  }
}
