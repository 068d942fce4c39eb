package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The SQL on {@code reencrypt_job_chunks}: the id ranges a job is split into and their leases, with
 * a fencing epoch, so that workers in any process share a job through the database alone.
 */
final class ChunkTable {
  private final Db db;

  ChunkTable(Db db) {
    this.db = db;
  }

  /** Inserts a job's chunks, in the caller's transaction; each bound is a (lower, upper]. */
  void insert(Connection c, long id, IdType idType, List<Object[]> bounds) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reencrypt_job_chunks (job_id, chunk_no, lower_bound, upper_bound) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < bounds.size(); i++) {
        ps.setLong(1, id);
        ps.setInt(2, i);
        ps.setString(3, idType.toText(bounds.get(i)[0]));
        ps.setString(4, idType.toText(bounds.get(i)[1]));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Claims a pending chunk, or a running one whose heartbeat is older than {@code lease}: reads a
   * candidate (skipping rows other workers hold locked, on PostgreSQL), then takes it with a
   * compare-and-set on its fencing epoch, so two workers can never both win it.
   */
  Optional<Chunk> claim(long jobId, String workerId, Duration lease, IdType idType) {
    return db.inTransaction(
        c -> {
          OffsetDateTime staleBefore = now(c).minus(lease);
          String sql =
              "SELECT chunk_no, lower_bound, upper_bound, cursor_value, lease_epoch"
                  + " FROM reencrypt_job_chunks WHERE job_id = ? AND (status = 'pending'"
                  + " OR (status = 'running' AND heartbeat_at < ?)) ORDER BY chunk_no"
                  + db.limitOneForUpdate();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, jobId);
            ps.setObject(2, staleBefore);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Chunk>empty();
              }
              int no = rs.getInt(1);
              long epoch = rs.getLong(5) + 1;
              Chunk chunk =
                  new Chunk(
                      jobId,
                      no,
                      idType.fromText(rs.getString(2)),
                      idType.fromText(rs.getString(3)),
                      idType.fromText(rs.getString(4)),
                      epoch);
              try (PreparedStatement up =
                  c.prepareStatement(
                      "UPDATE reencrypt_job_chunks SET status = 'running', worker_id = ?, heartbeat_at = CURRENT_TIMESTAMP,"
                          + " lease_epoch = ? WHERE job_id = ? AND chunk_no = ? AND lease_epoch = ?")) {
                up.setString(1, workerId);
                up.setLong(2, epoch);
                up.setLong(3, jobId);
                up.setInt(4, no);
                up.setLong(5, epoch - 1);
                return up.executeUpdate() == 1 ? Optional.of(chunk) : Optional.<Chunk>empty();
              }
            }
          }
        });
  }

  /**
   * Records a batch's progress on its chunk, in the caller's transaction: cursor and counters, only
   * while this worker still holds the chunk's lease (its epoch).
   *
   * @return false when the lease was lost: the caller must roll back
   */
  boolean checkpointChunk(
      Connection c, Chunk chunk, Object cursor, Counts d, boolean chunkDone, IdType idType)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE reencrypt_job_chunks SET cursor_value = ?, processed_rows = processed_rows + ?,"
                + " reencrypted_rows = reencrypted_rows + ?, skipped_rows = skipped_rows + ?,"
                + " error_rows = error_rows + ?, conflict_rows = conflict_rows + ?,"
                + " heartbeat_at = CURRENT_TIMESTAMP, status = ?, finished_at = "
                + (chunkDone ? "CURRENT_TIMESTAMP" : "NULL")
                + " WHERE job_id = ? AND chunk_no = ? AND lease_epoch = ? AND status = 'running'")) {
      ps.setString(1, idType.toText(cursor));
      JobTable.setCounts(ps, 2, d);
      ps.setString(7, chunkDone ? "finished" : "running");
      ps.setLong(8, chunk.jobId());
      ps.setInt(9, chunk.chunkNo());
      ps.setLong(10, chunk.epoch());
      return ps.executeUpdate() == 1;
    }
  }

  /** Gives a claimed chunk back (on pause), keeping its cursor. */
  void release(Chunk chunk) {
    db.run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE reencrypt_job_chunks SET status = 'pending', worker_id = NULL"
                      + " WHERE job_id = ? AND chunk_no = ? AND lease_epoch = ? AND status = 'running'")) {
            ps.setLong(1, chunk.jobId());
            ps.setInt(2, chunk.chunkNo());
            ps.setLong(3, chunk.epoch());
            ps.executeUpdate();
          }
        });
  }

  long unfinishedChunks(long jobId) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM reencrypt_job_chunks WHERE job_id = ? AND status <> 'finished'")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * The chunks of {@code jobId} that workers hold (status running), and the oldest heartbeat among
   * them: the lease that runs out first. Null when no chunk is held.
   */
  Held held(long jobId) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), MIN(heartbeat_at) FROM reencrypt_job_chunks WHERE job_id = ? AND"
                      + " status = 'running'")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long n = rs.getLong(1);
              OffsetDateTime t = rs.getObject(2, OffsetDateTime.class);
              Instant oldest = t == null ? null : t.toInstant();
              return n == 0 || oldest == null ? null : new Held(n, oldest);
            }
          }
        });
  }

  /** Chunks held by workers, and the oldest heartbeat among them. */
  record Held(long chunks, Instant oldestHeartbeat) {}

  private static OffsetDateTime now(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class);
    }
  }
}
