package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL on {@code reencrypt_job_errors}: the values a job could not re-encrypt, by row id, column
 * and reason; never the value.
 */
final class ErrorTable {
  private final Db db;

  ErrorTable(Db db) {
    this.db = db;
  }

  void insertErrors(Connection c, long jobId, List<ErrorRow> errors) throws SQLException {
    if (errors.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reencrypt_job_errors (job_id, row_id, column_name, reason, key_version, message)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (ErrorRow e : errors) {
        ps.setLong(1, jobId);
        ps.setString(2, JobTable.truncate(e.rowId(), 512));
        ps.setString(3, e.column());
        ps.setString(4, e.reason());
        ps.setString(5, e.keyVersion());
        ps.setString(6, JobTable.truncate(e.message(), 1000));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The rows of {@code jobId} with at least one error recorded. */
  long erroredRows(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(DISTINCT row_id) FROM reencrypt_job_errors WHERE job_id = ?")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  List<JobError> errors(long jobId, int limit) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT job_id, row_id, column_name, reason, key_version, message, created_at"
                      + " FROM reencrypt_job_errors WHERE job_id = ? ORDER BY id")) {
            ps.setLong(1, jobId);
            ps.setMaxRows(limit);
            List<JobError> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new JobError(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        JobTable.instant(rs, "created_at")));
              }
            }
            return out;
          }
        });
  }
}
