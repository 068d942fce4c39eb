package dev.fieldcrypt.jobs;

import java.util.Map;

/**
 * How the values of one encrypted column are spread: rows per key version, plaintext (not yet
 * encrypted) rows and nulls.
 */
public record TargetStats(
    String column, Map<String, Long> rowsPerVersion, long plaintextRows, long nullRows) {

  /** Rows holding a ciphertext of any version. */
  public long encryptedRows() {
    return rowsPerVersion.values().stream().mapToLong(Long::longValue).sum();
  }
}
