package dev.fieldcrypt.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL on {@code reencrypt_jobs}: one row per job with its target, options, state and counters.
 * Methods taking a {@link Connection} join the caller's transaction; the others use their own
 * auto-committed connection.
 */
final class JobTable {
  private static final String JOB_COLUMNS =
      "id, table_name, id_column, columns_spec, target_version, status, dry_run, encrypt_plaintext,"
          + " total_rows, processed_rows, reencrypted_rows, skipped_rows, error_rows, conflict_rows,"
          + " created_at, started_at, finished_at, heartbeat_at, worker_id, last_error";

  private final Db db;

  JobTable(Db db) {
    this.db = db;
  }

  /**
   * Inserts a pending job, in the caller's transaction; its chunks go in with {@link ChunkTable}.
   */
  long insert(
      Connection c, ReencryptTarget t, String version, IdType idType, JobOptions o, long total)
      throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reencrypt_jobs (table_name, id_column, columns_spec, target_key, target_version,"
                + " status, dry_run, encrypt_plaintext, batch_size, commit_every, max_errors, worker_count,"
                + " total_rows, id_type) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      ps.setString(1, t.table());
      ps.setString(2, t.idColumn());
      ps.setString(3, t.columnsSpec());
      ps.setString(4, t.key());
      ps.setString(5, version);
      ps.setBoolean(6, o.dryRun());
      ps.setBoolean(7, o.encryptPlaintext());
      ps.setInt(8, o.batchSize());
      ps.setInt(9, o.commitEvery());
      ps.setObject(10, o.maxErrors());
      ps.setInt(11, o.workers());
      ps.setLong(12, total);
      ps.setString(13, idType.dbValue());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    return id;
  }

  JobInfo load(long id) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM reencrypt_jobs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new ReencryptJobException(
                    "no re-encryption job with id " + id + "; list them with list-jobs.");
              }
              return info(rs);
            }
          }
        });
  }

  IdType idType(long id) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id_type FROM reencrypt_jobs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return IdType.fromDb(rs.getString(1));
            }
          }
        });
  }

  Optional<Long> latestUnfinished(ReencryptTarget target) {
    return db.call(c -> latestUnfinished(c, target));
  }

  /** {@link #latestUnfinished(ReencryptTarget)} in the caller's transaction. */
  Optional<Long> latestUnfinished(Connection c, ReencryptTarget target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM reencrypt_jobs WHERE target_key = ? AND status IN ('pending', 'running',"
                + " 'paused', 'failed') AND dry_run = FALSE ORDER BY id DESC")) {
      ps.setString(1, target.key());
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /**
   * Locks {@code target} in the caller's transaction until it ends: another transaction locking the
   * same target waits. Its row in {@code reencrypt_job_targets} is created first if missing, on a
   * connection of its own (two processes creating it at once: one insert wins, the other's
   * duplicate key is expected and ignored).
   */
  void lockTarget(Connection c, ReencryptTarget target) throws SQLException {
    String hash = targetHash(target);
    if (!lockRow(c, hash)) {
      db.run(
          own -> {
            try (PreparedStatement ps =
                own.prepareStatement(
                    "INSERT INTO reencrypt_job_targets (target_hash) VALUES (?)")) {
              ps.setString(1, hash);
              ps.executeUpdate();
            } catch (SQLException e) {
              if (!SqlErrors.isDuplicateKey(e)) {
                throw e;
              }
            }
          });
      if (!lockRow(c, hash)) {
        throw new ReencryptJobException(
            "cannot lock the target "
                + target
                + ": its row in reencrypt_job_targets vanished; is another tool deleting it?");
      }
    }
  }

  private static boolean lockRow(Connection c, String hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT target_hash FROM reencrypt_job_targets WHERE target_hash = ? FOR UPDATE")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The lowercase hex SHA-256 of the target's key: the lock row's key. */
  static String targetHash(ReencryptTarget target) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(target.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new ReencryptJobException("this JVM offers no SHA-256", e);
    }
  }

  /** Moves the job to {@code to} if it is in one of {@code from}; false when it was not. */
  boolean transition(long id, List<JobStatus> from, JobStatus to, String lastError) {
    return db.call(
        c -> {
          StringBuilder sql =
              new StringBuilder(
                  "UPDATE reencrypt_jobs SET status = ?, updated_at = CURRENT_TIMESTAMP");
          if (to == JobStatus.RUNNING) {
            sql.append(
                ", started_at = COALESCE(started_at, CURRENT_TIMESTAMP), heartbeat_at = CURRENT_TIMESTAMP,"
                    + " lease_epoch = lease_epoch + 1");
          }
          if (to.isFinal() || to == JobStatus.FAILED) {
            sql.append(", finished_at = CURRENT_TIMESTAMP");
          }
          if (lastError != null) {
            sql.append(", last_error = ?");
          }
          sql.append(" WHERE id = ? AND status IN (");
          for (int i = 0; i < from.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
          }
          sql.append(')');
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, to.dbValue());
            if (lastError != null) {
              ps.setString(p++, truncate(lastError, 2000));
            }
            ps.setLong(p++, id);
            for (JobStatus s : from) {
              ps.setString(p++, s.dbValue());
            }
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Adds a transaction's counts to the job, in the caller's transaction, right before it commits
   * (so that the job row, which all workers share, is locked only for that instant), and only while
   * the job is running.
   *
   * @return false when the job was paused, cancelled or failed: the caller must roll back
   */
  boolean addJobProgress(
      Connection c, long jobId, Counts d, String workerId, Object cursor, IdType idType)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE reencrypt_jobs SET processed_rows = processed_rows + ?, reencrypted_rows = reencrypted_rows + ?,"
                + " skipped_rows = skipped_rows + ?, error_rows = error_rows + ?, conflict_rows = conflict_rows + ?,"
                + " heartbeat_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP, worker_id = ?,"
                + " cursor_value = CASE WHEN worker_count = 1 THEN ? ELSE cursor_value END"
                + " WHERE id = ? AND status = 'running'")) {
      setCounts(ps, 1, d);
      ps.setString(6, workerId);
      ps.setString(7, idType.toText(cursor));
      ps.setLong(8, jobId);
      return ps.executeUpdate() == 1;
    }
  }

  long errorRows(Connection c, long jobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT error_rows FROM reencrypt_jobs WHERE id = ?")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  List<JobInfo> list(JobStatus status, int limit) {
    return db.call(
        c -> {
          String sql =
              "SELECT "
                  + JOB_COLUMNS
                  + " FROM reencrypt_jobs"
                  + (status == null ? "" : " WHERE status = ?")
                  + " ORDER BY id DESC";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (status != null) {
              ps.setString(1, status.dbValue());
            }
            ps.setMaxRows(limit);
            List<JobInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(info(rs));
              }
            }
            return out;
          }
        });
  }

  /** Ids of jobs to clean up: final ones finished before {@code finishedBefore}, stalled ones. */
  List<Long> cleanupCandidates(Instant finishedBefore, Instant stalledBefore) {
    return db.call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM reencrypt_jobs WHERE (status IN ('finished', 'cancelled', 'failed')"
                      + " AND COALESCE(finished_at, updated_at, created_at) < ?)"
                      + " OR (status IN ('pending', 'running', 'paused')"
                      + " AND COALESCE(heartbeat_at, updated_at, created_at) < ?) ORDER BY id")) {
            ps.setObject(1, OffsetDateTime.ofInstant(finishedBefore, java.time.ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(stalledBefore, java.time.ZoneOffset.UTC));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
            return ids;
          }
        });
  }

  /** Deletes jobs; their chunks and errors go with them (ON DELETE CASCADE). */
  int delete(List<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM reencrypt_jobs WHERE id = ?")) {
            for (long id : ids) {
              ps.setLong(1, id);
              ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
              n += Math.max(r, 0);
            }
            return n;
          }
        });
  }

  private static JobInfo info(ResultSet rs) throws SQLException {
    return new JobInfo(
        rs.getLong("id"),
        ReencryptTarget.fromStored(
            rs.getString("table_name"), rs.getString("id_column"), rs.getString("columns_spec")),
        rs.getString("target_version"),
        JobStatus.parse(rs.getString("status")),
        rs.getBoolean("dry_run"),
        rs.getBoolean("encrypt_plaintext"),
        rs.getLong("total_rows"),
        rs.getLong("processed_rows"),
        rs.getLong("reencrypted_rows"),
        rs.getLong("skipped_rows"),
        rs.getLong("error_rows"),
        rs.getLong("conflict_rows"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        instant(rs, "heartbeat_at"),
        rs.getString("worker_id"),
        rs.getString("last_error"));
  }

  static Instant instant(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static void setCounts(PreparedStatement ps, int from, Counts d) throws SQLException {
    ps.setLong(from, d.processed);
    ps.setLong(from + 1, d.reencrypted);
    ps.setLong(from + 2, d.skipped);
    ps.setLong(from + 3, d.errors);
    ps.setLong(from + 4, d.conflicts);
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  Map<JobStatus, Long> countByStatus() {
    return db.call(
        c -> {
          Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
          for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
          }
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT status, COUNT(*) FROM reencrypt_jobs GROUP BY status")) {
            while (rs.next()) {
              counts.put(JobStatus.parse(rs.getString(1)), rs.getLong(2));
            }
          }
          return Collections.unmodifiableMap(counts);
        });
  }

  Optional<JobInfo> latest(ReencryptTarget target) {
    Set<String> columns = new HashSet<>(target.columns());
    Optional<Long> id =
        db.call(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, columns_spec FROM reencrypt_jobs WHERE table_name = ? AND"
                          + " id_column = ? ORDER BY id DESC")) {
                ps.setString(1, target.table());
                ps.setString(2, target.idColumn());
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    ReencryptTarget t =
                        ReencryptTarget.fromStored(
                            target.table(), target.idColumn(), rs.getString(2));
                    if (new HashSet<>(t.columns()).equals(columns)) {
                      return Optional.of(rs.getLong(1));
                    }
                  }
                  return Optional.<Long>empty();
                }
              }
            });
    return id.map(this::load);
  }
}
