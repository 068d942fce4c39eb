package dev.fieldcrypt.cli;

import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyring file in a temp dir and a table {@code secrets (id, otp, token)} of values encrypted
 * under v1 in a fresh database (an isolated PostgreSQL schema, or a private H2), for running the
 * job commands against.
 */
final class JobsFixture {
  static final String TABLE = "secrets";

  final Path dir;
  final Path keyringFile;
  final TestDatabase db;
  final CliHarness cli;

  JobsFixture(Path dir, TestDatabase db) {
    this.dir = dir;
    this.keyringFile = dir.resolve(".env.crypto");
    this.db = db;
    this.cli = CliHarness.noTerminal().environment(environment());
    cli.run("generate", "--env-file", keyringFile.toString()).succeeds();
  }

  static JobsFixture postgres(Path dir) {
    return new JobsFixture(dir, TestDatabase.postgres().isolatedSchema("cli"));
  }

  static JobsFixture h2(Path dir) {
    return new JobsFixture(dir, TestDatabase.h2());
  }

  /** The environment the CLI runs with: the database password, if the test database has one. */
  Map<String, String> environment() {
    return db.password() == null || db.password().isEmpty()
        ? Map.of()
        : Map.of(DatabaseOptions.PASSWORD_VARIABLE, db.password());
  }

  /** A harness whose terminal answers {@code answers}. */
  CliHarness terminal(String... answers) {
    return CliHarness.answering(answers).environment(environment());
  }

  static String otpOf(long id) {
    return "otp-secret-" + id;
  }

  static String tokenOf(long id) {
    return "token-value-" + id;
  }

  /**
   * Creates {@code secrets} with ids 1..rows under the current active version; every 5th otp null.
   */
  JobsFixture seed(int rows) {
    db.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, otp VARCHAR(500), token VARCHAR(500))");
    FieldCipher cipher = cipher();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + TABLE + " (id, otp, token) VALUES (?, ?, ?)")) {
        for (long id = 1; id <= rows; id++) {
          ps.setLong(1, id);
          ps.setString(2, id % 5 == 0 ? null : cipher.encrypt(otpOf(id), "secrets.otp"));
          ps.setString(3, cipher.encrypt(tokenOf(id), "secrets.token"));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** Rotates the keyring file to the next version through the CLI. */
  JobsFixture rotate() {
    cli.run("rotate", "--env-file", keyringFile.toString(), "--yes").succeeds();
    return this;
  }

  /** The keyring in the file (no environment overrides). */
  Keyring keyring() {
    return DotenvKeySource.builder().file(keyringFile).environment(Map.of()).build().load();
  }

  FieldCipher cipher() {
    return FieldCipher.create(keyring());
  }

  /** The job engine on the fixture's database, with the current keyring. */
  ReencryptJobs jobs() {
    FieldcryptSchema.migrate(db.dataSource());
    return ReencryptJobs.create(db.dataSource(), cipher());
  }

  ReencryptJobs admin() {
    FieldcryptSchema.migrate(db.dataSource());
    return ReencryptJobs.create(db.dataSource());
  }

  /** {@code --jdbc-url … --db-user …}. */
  List<String> dbArgs() {
    return List.of("--jdbc-url", db.url(), "--db-user", db.user());
  }

  /** {@code command} with the keyring file, the database and {@code more}. */
  String[] args(String command, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    if (!List.of("list-jobs", "pause-job", "cancel-job", "cleanup-jobs").contains(command)) {
      all.addAll(List.of("--env-file", keyringFile.toString()));
    }
    all.addAll(dbArgs());
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** {@code command} on the whole target {@code secrets(id): otp, token}, plus {@code more}. */
  String[] onTarget(String command, String... more) {
    List<String> all = new ArrayList<>(List.of(args(command)));
    all.addAll(List.of("--table", TABLE, "--column", "otp", "--column", "token"));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Stored values of {@code column} per version prefix ({@code null} for SQL nulls). */
  Map<String, Long> versions(String column) {
    Map<String, Long> out = new TreeMap<>();
    for (String v : values(column)) {
      out.merge(v == null ? "null" : v.substring(0, Math.max(0, v.indexOf(':'))), 1L, Long::sum);
    }
    return out;
  }

  /** Every stored value of {@code column}, in id order. */
  List<String> values(String column) {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + TABLE + " ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  String raw(String column, long id) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + TABLE + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void setRaw(String column, long id, String value) {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("UPDATE " + TABLE + " SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, value);
      ps.setLong(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A ciphertext of row {@code id}'s column with one byte of its body flipped. */
  String tampered(String column, long id) {
    String v = raw(column, id);
    int colon = v.indexOf(':');
    byte[] body = java.util.Base64.getDecoder().decode(v.substring(colon + 1));
    body[20] ^= 1;
    return v.substring(0, colon + 1) + java.util.Base64.getEncoder().encodeToString(body);
  }
}
