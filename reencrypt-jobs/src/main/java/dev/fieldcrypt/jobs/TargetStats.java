package dev.fieldcrypt.jobs;

import java.util.Map;

/**
 * How the values of one encrypted column are spread, by the classification rule of docs/format.md:
 * rows per key version (ciphertexts, including versions the keyring lacks), plaintext (not yet
 * encrypted) rows, damaged rows (a ciphertext label before a broken body) and nulls.
 */
public record TargetStats(
    String column,
    Map<String, Long> rowsPerVersion,
    long plaintextRows,
    long damagedRows,
    long nullRows) {

  /** Stats without damaged rows (the shape before damaged values were counted apart). */
  public TargetStats(
      String column, Map<String, Long> rowsPerVersion, long plaintextRows, long nullRows) {
    this(column, rowsPerVersion, plaintextRows, 0, nullRows);
  }

  /** Rows holding a ciphertext of any version. */
  public long encryptedRows() {
    return rowsPerVersion.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every row counted: ciphertexts, plaintexts, damaged values and nulls. */
  public long rows() {
    return encryptedRows() + plaintextRows + damagedRows + nullRows;
  }
}
