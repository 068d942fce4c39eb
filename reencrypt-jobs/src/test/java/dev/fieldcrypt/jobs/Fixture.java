package dev.fieldcrypt.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A table of encrypted secrets on one database, and the keyrings before and after a rotation. */
final class Fixture implements AutoCloseable {
  static final String TABLE = "secrets";
  static final ReencryptTarget TARGET =
      ReencryptTarget.of(TABLE, "id").column("otp").column("token");

  final TestDatabase db;
  final HikariDataSource dataSource;
  final KeyVersion v1;
  final KeyVersion v2;
  final FieldCipher onV1;
  final FieldCipher onV2;

  Fixture(TestDatabase db) {
    this(db, KeyVersion.generate("v1"), KeyVersion.generate("v2"));
  }

  Fixture(TestDatabase db, KeyVersion v1, KeyVersion v2) {
    this.db = db;
    this.v1 = v1;
    this.v2 = v2;
    this.onV1 = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    this.onV2 = FieldCipher.create(Keyring.of("v2", List.of(v1, v2)));
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db.url());
    cfg.setUsername(db.user());
    cfg.setPassword(db.password());
    cfg.setMaximumPoolSize(12);
    this.dataSource = new HikariDataSource(cfg);
    FieldcryptSchema.migrate(dataSource);
  }

  static String otpOf(long id) {
    return "otp-secret-" + id;
  }

  static String tokenOf(long id) {
    return "token-" + id + "-" + "x".repeat((int) (id % 7));
  }

  /** Creates the table with {@code rows} rows: ids 1..rows, every 5th otp null, under v1. */
  Fixture seed(int rows) {
    return seed(rows, "BIGINT", "BIGINT");
  }

  Fixture seed(int rows, String idSqlType, String kind) {
    db.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id "
            + idSqlType
            + " PRIMARY KEY, otp VARCHAR(500), token VARCHAR(500))");
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + TABLE + " (id, otp, token) VALUES (?, ?, ?)")) {
        for (long id = 1; id <= rows; id++) {
          ps.setObject(1, idValue(kind, id));
          ps.setString(2, id % 5 == 0 ? null : onV1.encrypt(otpOf(id), "secrets.otp"));
          ps.setString(3, onV1.encrypt(tokenOf(id), "secrets.token"));
          ps.addBatch();
          if (id % 1000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  static Object idValue(String kind, long id) {
    return switch (kind) {
      case "UUID" -> new java.util.UUID(0, id);
      case "TEXT" -> String.format("k%08d", id);
      default -> id;
    };
  }

  ReencryptJobs jobs() {
    return ReencryptJobs.create(dataSource, onV2);
  }

  /** Raw stored value of one column of one row. */
  String raw(String column, Object id) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + TABLE + " WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void setRaw(String column, Object id, String value) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE " + TABLE + " SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, value);
      ps.setObject(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Count of stored values per version prefix across both columns ("null" for nulls). */
  Map<String, Long> versions() {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT otp, token FROM " + TABLE)) {
      while (rs.next()) {
        for (int i = 1; i <= 2; i++) {
          String v = rs.getString(i);
          out.merge(
              v == null ? "null" : v.substring(0, Math.max(0, v.indexOf(':'))), 1L, Long::sum);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** SHA-256 over every row's id and decrypted values, in id order. */
  String digest(FieldCipher cipher) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, otp, token FROM " + TABLE + " ORDER BY id")) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      while (rs.next()) {
        md.update(rs.getString(1).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(
            String.valueOf(cipher.decrypt(rs.getString(2), "secrets.otp"))
                .getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(
            String.valueOf(cipher.decrypt(rs.getString(3), "secrets.token"))
                .getBytes(StandardCharsets.UTF_8));
        md.update((byte) 1);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  long count(String sql) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
