package dev.fieldcrypt.jobs;

/**
 * A claimed id range of a job: ids in {@code (lower, upper]}, resuming after {@code cursor}. The
 * {@code epoch} is the fencing token of this claim; every checkpoint must still match it.
 */
record Chunk(long jobId, int chunkNo, Object lower, Object upper, Object cursor, long epoch) {

  /** Where the next page starts: after the cursor, or after the lower bound. */
  public Object resumeAfter() {
    return cursor != null ? cursor : lower;
  }
}
