package dev.fieldcrypt.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.jobs.JobError;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo in-process on H2 and on the local PostgreSQL and checks where the story ends. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void theDefaultDemoOnH2EndsWithEveryReadableRowOnV2AndTheTamperedRowReported() throws Exception {
    DemoOptions options = DemoOptions.parse(new String[] {"--dir", dir.toString()}, null);
    Run run = run(options);

    assertEndState(run, 3000, 500);
    // The H2 database is a file in --dir, readable after the demo (the CLI commands it prints).
    assertThat(run.result.jdbcUrl()).startsWith("jdbc:h2:file:" + dir);
    assertThat(rawVersions(run.result.jdbcUrl(), "sa", ""))
        .containsEntry("v2", 3499L + run.result.switchUsers())
        .containsEntry("v1", 1L);
  }

  @Test
  void theDemoOnPostgresqlEndsTheSameWayAndARerunStartsAfresh() throws Exception {
    TestDatabase pg = TestDatabase.postgres().isolatedSchema("demo");
    DemoOptions options =
        DemoOptions.parse(
            new String[] {
              "--jdbc-url",
              pg.url(),
              "--db-user",
              pg.user(),
              "--dir",
              dir.resolve("first").toString(),
              "--users",
              "1200",
              "--more-users",
              "300",
              "--batch-size",
              "100"
            },
            pg.password());
    Run first = run(options);
    assertEndState(first, 1200, 300);
    assertThat(first.result.interrupted().processed()).isLessThan(1500);
    assertThat(rawVersions(pg.url(), pg.user(), pg.password()))
        .containsEntry("v2", 1499L + first.result.switchUsers())
        .containsEntry("v1", 1L);

    // A second run on the same database, with a new keyring: the old rows (unreadable without the
    // first keyring) are emptied first and said so, and the story ends the same way.
    Run second = run(options.withDir(dir.resolve("second")));
    assertThat(second.output)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "emptied fieldcrypt_demo_users: %,d rows",
                1500 + first.result.switchUsers()));
    assertEndState(second, 1200, 300);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--users", "many"}, null))
        .hasMessage("--users takes a whole number, got 'many'");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--users", "10"}, null))
        .hasMessageContaining("at least 100");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--colour", "red"}, null))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jdbc-url"}, null))
        .hasMessage("option --jdbc-url needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--jdbc-url", "localhost"}, null))
        .hasMessageContaining("must be a JDBC URL");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--db-password", "hunter2"}, null))
        .hasMessageContaining("FIELDCRYPT_DB_PASSWORD")
        .hasMessageNotContaining("hunter2");
    assertThat(DemoOptions.parse(new String[] {"--help"}, null)).isNull();
    assertThat(DemoOptions.parse(new String[] {"--users=150"}, null).users()).isEqualTo(150);
  }

  @Test
  void optionsNeverShowThePassword() {
    DemoOptions o =
        DemoOptions.parse(
            new String[] {"--jdbc-url", "jdbc:postgresql://db/app?password=inurl"}, "s3cret-pw");
    assertThat(o.toString()).doesNotContain("s3cret-pw").doesNotContain("inurl");
  }

  private static void assertEndState(Run run, int users, int moreUsers) throws Exception {
    DemoResult r = run.result;
    // The users written while the running application switched to v2: the last one under v2.
    assertThat(r.liveSwitchMillis()).isNotNegative();
    assertThat(r.switchUsers()).isPositive();
    int all = (int) (users + r.switchUsers() + moreUsers);
    assertThat(r.interrupted().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(r.interrupted().processed()).isPositive().isLessThan(r.interrupted().total());
    assertThat(r.finished().status()).isEqualTo(JobStatus.FINISHED);
    assertThat(r.finished().id()).isEqualTo(r.interrupted().id());
    assertThat(r.finished().processed()).isEqualTo(all);
    assertThat(r.finished().errors()).isEqualTo(1);
    assertThat(r.finished().skipped()).isEqualTo(moreUsers + 1);

    Map<String, Map<String, Long>> versions = r.rowsPerVersion();
    assertThat(versions.get("otp_secret")).isEqualTo(Map.of("v2", (long) all - 1, "v1", 1L));
    assertThat(versions.get("api_token").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(all);
    assertThat(versions.get("recovery_codes").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(all);
    // the searchable e-mail: every index rewritten with its value, lookups never missed
    assertThat(versions.get("email_bidx")).isEqualTo(Map.of("v2", (long) all));
    assertThat(r.lookups()).isGreaterThanOrEqualTo(600);
    assertThat(r.lookupMisses()).isZero();

    assertThat(r.errors()).hasSize(1);
    JobError e = r.errors().get(0);
    assertThat(e.rowId()).isEqualTo(String.valueOf(Demo.TAMPERED_ID));
    assertThat(e.column()).isEqualTo("otp_secret");
    assertThat(e.reason()).isEqualTo("DECRYPTION_FAILED");
    assertThat(r.loadFailure()).startsWith("DecryptionFailedException");
    assertThat(r.valuesUnchanged()).isTrue();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.keyringFile())))
        .isEqualTo("rw-------");

    // The story, in order.
    assertThat(run.output)
        .containsSubsequence(
            "1. A keyring",
            "2. The application stores",
            "3. What the database holds",
            "4. Rotate to v2",
            "The application keeps running",
            "The running application wrote its first v2 value",
            "no restart",
            "5. The application stores",
            "Rows per key version now:",
            "6. Someone tampers with a row",
            "7. Re-encrypt every row to v2",
            "Interrupted at",
            "Resuming job",
            "finished",
            "Rows per key version after the job:",
            "8. The tampered row is reported",
            "DecryptionFailedException",
            "9. The end",
            "decrypts to what it was before the job: yes");
    assertThat(run.output).containsPattern("  1   otp_secret  v1:");

    // No key or salt of any version in the output.
    for (String secret : keyMaterial(r.keyringFile())) {
      assertThat(run.output).doesNotContain(secret);
    }
  }

  /** Base64 values of the keyring file (keys and salts) and the salt hashes. */
  private static List<String> keyMaterial(Path keyringFile) throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "^ENCRYPTION_(?:KEYS|SALT|SALT_HASH)__\\w+=\"?([^\"\\n]+)\"?$", Pattern.MULTILINE)
            .matcher(Files.readString(keyringFile));
    while (m.find()) {
      out.add(m.group(1));
    }
    assertThat(out).hasSize(6); // two versions: key, salt, salt hash each
    return out;
  }

  /** Rows per key version of otp_secret, counted with SQL alone. */
  private static Map<String, Long> rawVersions(String url, String user, String password)
      throws SQLException {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SUBSTRING(otp_secret, 1, 2), COUNT(*) FROM "
                    + Demo.TABLE
                    + " GROUP BY SUBSTRING(otp_secret, 1, 2)")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static Run run(DemoOptions options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoResult result;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = new Demo(options, out, false).run();
    }
    return new Run(result, bytes.toString(StandardCharsets.UTF_8));
  }

  private record Run(DemoResult result, String output) {}
}
