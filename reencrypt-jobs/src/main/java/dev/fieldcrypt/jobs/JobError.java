package dev.fieldcrypt.jobs;

import java.time.Instant;

/**
 * A value a job could not re-encrypt, from {@code reencrypt_job_errors}. Never holds the value.
 *
 * @param rowId the row's id, as text
 * @param reason {@code UNKNOWN_VERSION}, {@code DECRYPTION_FAILED}, {@code MALFORMED_CIPHERTEXT} or
 *     {@code PLAINTEXT_VALUE}
 * @param keyVersion the version the value claims, when it has one
 */
public record JobError(
    long jobId,
    String rowId,
    String column,
    String reason,
    String keyVersion,
    String message,
    Instant at) {}
