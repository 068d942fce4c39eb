package dev.fieldcrypt.jobs;

/** A value that could not be re-encrypted, before it is written to reencrypt_job_errors. */
record ErrorRow(String rowId, String column, String reason, String keyVersion, String message) {}
