package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Normalization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code users} table with a searchable {@code email} (context {@code users.email}) and its blind
 * index {@code email_bidx}, on a {@link Fixture}'s database and keyrings.
 */
final class Users {
  static final String CONTEXT = "users.email";
  static final BlindIndex SPEC =
      BlindIndex.of(32, Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE);
  static final ReencryptTarget TARGET =
      ReencryptTarget.of("users", "id").column("email").searchIndex("email", "email_bidx", SPEC);

  private final Fixture fx;

  Users(Fixture fx) {
    this.fx = fx;
  }

  /** The seeded plaintext of a row, with case and spaces that the normalization folds. */
  static String emailOf(long id) {
    return (id % 2 == 0 ? " User" : "user") + id + "@Example.COM";
  }

  /**
   * ids 1..rows, every 10th email null (with a null index), the others and their index by cipher.
   */
  Users seed(int rows, FieldCipher cipher) {
    fx.db.execute(
        "DROP TABLE IF EXISTS users",
        "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(500), email_bidx VARCHAR("
            + BlindIndex.MAX_LENGTH
            + "))");
    try (Connection c = fx.db.connect();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO users (id, email, email_bidx) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (long id = 1; id <= rows; id++) {
        String plain = id % 10 == 0 ? null : emailOf(id);
        ps.setLong(1, id);
        ps.setString(2, cipher.encrypt(plain, CONTEXT));
        ps.setString(3, cipher.blindIndex(plain, CONTEXT, SPEC));
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** One row as stored: id, email, email_bidx. */
  record Stored(long id, String value, String index) {}

  List<Stored> rows() {
    List<Stored> out = new ArrayList<>();
    try (Connection c = fx.db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, email, email_bidx FROM users ORDER BY id")) {
      while (rs.next()) {
        out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  void set(long id, String value, String index) {
    try (Connection c = fx.db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE users SET email = ?, email_bidx = ? WHERE id = ?")) {
      ps.setString(1, value);
      ps.setString(2, index);
      ps.setLong(3, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  Stored row(long id) {
    return rows().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  /** Every text of every row of the job tables, one string. */
  String jobTablesText() {
    StringBuilder sb = new StringBuilder();
    for (String table :
        List.of(
            "reencrypt_jobs",
            "reencrypt_job_chunks",
            "reencrypt_job_errors",
            "reencrypt_job_targets")) {
      try (Connection c = fx.db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            sb.append(rs.getString(i)).append('\n');
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.toString();
  }
}
