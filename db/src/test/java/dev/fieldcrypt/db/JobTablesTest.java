package dev.fieldcrypt.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldcrypt.testing.TestDatabase;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job tables' columns, defaults and constraints, as the job engine relies on them. */
class JobTablesTest {
  private TestDatabase db;

  @AfterEach
  void dispose() throws SQLException {
    Sql.dispose(db);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertJob_requiredColumnsOnly_getsPendingStatusAndZeroCounters(Dialect dialect)
      throws Exception {
    migrate(dialect);
    long id = insertJob("'pending'", 500);

    List<String> job =
        Sql.rows(
                db,
                "SELECT status, dry_run, encrypt_plaintext, worker_count, max_errors, total_rows,"
                    + " processed_rows, reencrypted_rows, skipped_rows, error_rows,"
                    + " conflict_rows, lease_epoch, cursor_value, worker_id, created_at"
                    + " FROM reencrypt_jobs WHERE id = "
                    + id)
            .get(0);

    assertThat(job.subList(0, 14))
        .containsExactly(
            "pending", "false", "false", "1", null, "0", "0", "0", "0", "0", "0", "0", null, null);
    assertThat(job.get(14)).as("created_at").isNotNull();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertJob_everyDesignedStatus_isAccepted(Dialect dialect) throws Exception {
    migrate(dialect);
    for (String status :
        List.of("pending", "running", "paused", "finished", "failed", "cancelled")) {
      insertJob("'" + status + "'", 500);
    }

    assertThat(Sql.count(db, "reencrypt_jobs")).isEqualTo(6);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertJob_unknownStatus_violatesCheck(Dialect dialect) {
    migrate(dialect);

    assertViolates(() -> insertJob("'done'", 500), "reencrypt_jobs_status_ck");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertJob_zeroBatchSize_violatesCheck(Dialect dialect) {
    migrate(dialect);

    assertViolates(() -> insertJob("'pending'", 0), "reencrypt_jobs_batch_size_ck");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertChunkAndError_existingJob_areStoredWithDefaults(Dialect dialect) throws Exception {
    migrate(dialect);
    long jobId = insertJob("'running'", 500);

    insertChunk(jobId, 0, "'pending'");
    Sql.update(
        db,
        "INSERT INTO reencrypt_job_errors (job_id, row_id, column_name, reason, key_version,"
            + " message) VALUES ("
            + jobId
            + ", '42', 'email', 'UNKNOWN_VERSION', 'v1', 'key version v1 is not in the keyring')");

    assertThat(
            Sql.rows(
                db,
                "SELECT chunk_no, lower_bound, upper_bound, status, lease_epoch, processed_rows"
                    + " FROM reencrypt_job_chunks"))
        .containsExactly(Arrays.asList("0", null, "1000", "pending", "0", "0"));
    assertThat(
            Sql.rows(
                db,
                "SELECT row_id, column_name, reason, key_version FROM reencrypt_job_errors"
                    + " WHERE created_at IS NOT NULL"))
        .containsExactly(List.of("42", "email", "UNKNOWN_VERSION", "v1"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertChunk_unknownStatus_violatesCheck(Dialect dialect) throws Exception {
    migrate(dialect);
    long jobId = insertJob("'running'", 500);

    assertViolates(() -> insertChunk(jobId, 0, "'failed'"), "reencrypt_job_chunks_status_ck");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertChunk_sameChunkNoTwice_violatesPrimaryKey(Dialect dialect) throws Exception {
    migrate(dialect);
    long jobId = insertJob("'running'", 500);
    insertChunk(jobId, 3, "'pending'");

    assertViolates(() -> insertChunk(jobId, 3, "'pending'"), "reencrypt_job_chunks_pk");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void insertChunk_unknownJob_violatesForeignKey(Dialect dialect) {
    migrate(dialect);

    assertViolates(() -> insertChunk(999_999L, 0, "'pending'"), "reencrypt_job_chunks_job_fk");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deleteJob_withChunksAndErrors_cascades(Dialect dialect) throws Exception {
    migrate(dialect);
    long doomed = insertJob("'finished'", 500);
    long kept = insertJob("'running'", 500);
    for (long jobId : new long[] {doomed, kept}) {
      insertChunk(jobId, 0, "'finished'");
      insertChunk(jobId, 1, "'pending'");
      Sql.update(
          db,
          "INSERT INTO reencrypt_job_errors (job_id, row_id, column_name, reason) VALUES ("
              + jobId
              + ", '7', 'email', 'DECRYPTION_FAILED')");
    }

    Sql.update(db, "DELETE FROM reencrypt_jobs WHERE id = " + doomed);

    assertThat(Sql.rows(db, "SELECT DISTINCT job_id FROM reencrypt_job_chunks"))
        .containsExactly(List.of(Long.toString(kept)));
    assertThat(Sql.rows(db, "SELECT job_id FROM reencrypt_job_errors"))
        .containsExactly(List.of(Long.toString(kept)));
  }

  private void migrate(Dialect dialect) {
    db = dialect.fresh();
    FieldcryptSchema.migrate(db.dataSource());
  }

  private long insertJob(String statusLiteral, int batchSize) throws SQLException {
    return Sql.insert(
        db,
        "INSERT INTO reencrypt_jobs (table_name, id_column, columns_spec, target_key,"
            + " target_version, status, batch_size, commit_every) VALUES ('customer', 'id',"
            + " 'email:customer.email', 'customer|id|email', 'v3', "
            + statusLiteral
            + ", "
            + batchSize
            + ", 1)");
  }

  private void insertChunk(long jobId, int chunkNo, String statusLiteral) throws SQLException {
    Sql.update(
        db,
        "INSERT INTO reencrypt_job_chunks (job_id, chunk_no, upper_bound, status) VALUES ("
            + jobId
            + ", "
            + chunkNo
            + ", '1000', "
            + statusLiteral
            + ")");
  }

  /** An integrity-constraint violation (SQLSTATE class 23) that names the constraint. */
  private static void assertViolates(ThrowingCallable statement, String constraint) {
    Throwable thrown = catchThrowable(statement);

    assertThat(thrown).isInstanceOf(SQLException.class);
    assertThat(((SQLException) thrown).getSQLState()).startsWith("23");
    assertThat(thrown.getMessage()).containsIgnoringCase(constraint);
  }
}
