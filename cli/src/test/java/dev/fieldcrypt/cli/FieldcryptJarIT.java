package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code target/fieldcrypt.jar} as operators do: {@code java -jar}. */
class FieldcryptJarIT {
  private static Path jar;
  @TempDir Path dir;
  private final Map<String, String> environment = new HashMap<>();

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("fieldcrypt.jar", "target/fieldcrypt.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar; run 'mvn verify'").isRegularFile();
  }

  private Run fieldcrypt(String... args) throws IOException, InterruptedException {
    Process p = start(args);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fieldcrypt finished").isTrue();
    return finished(p);
  }

  /** Starts {@code java -jar fieldcrypt.jar args} in the temp dir, output to files there. */
  private Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(environment);
    return pb.directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve(".stdout").toFile())
        .redirectError(dir.resolve(".stderr").toFile())
        .start();
  }

  private Run finished(Process p) throws IOException {
    Path out = dir.resolve(".stdout");
    Path err = dir.resolve(".stderr");
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void lifecycle_generateRotateListValidateBackup_throughTheJar() throws Exception {
    Run gen = fieldcrypt("generate", "--logfile", "");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    assertThat(gen.err()).isEmpty();
    assertThat(gen.out()).contains("[OK] Keyring written to .env.crypto");

    Run rotate = fieldcrypt("rotate", "--yes");
    assertThat(rotate.exitCode()).as(rotate.err()).isZero();

    Run list = fieldcrypt("list");
    assertThat(list.out()).contains("Active version: v2").contains("v2 [ACTIVE]");

    assertThat(fieldcrypt("validate-config").exitCode()).isZero();
    assertThat(fieldcrypt("backup-config", "--cleanup-old", "--keep-backups", "1").exitCode())
        .isZero();

    assertThat(Keyring.load(dir.resolve(".env.crypto")).activeVersion()).isEqualTo("v2");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anySatisfy(n -> assertThat(n).matches("fieldcrypt_\\d{8}_\\d{6}\\.log"));
      assertThat(names.stream().filter(n -> n.startsWith(".env.crypto.backup_"))).hasSize(1);
    }
  }

  @Test
  void lifecycle_generateRotateReencryptCleanupKeys_onPostgres_throughTheJar() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("jar");
    if (!db.password().isEmpty()) {
      environment.put("FIELDCRYPT_DB_PASSWORD", db.password());
    }
    List<String> target =
        List.of(
            "--jdbc-url",
            db.url(),
            "--db-user",
            db.user(),
            "--table",
            "accounts",
            "--column",
            "otp");
    assertThat(fieldcrypt("generate").exitCode()).isZero();
    seed(db, FieldCipher.create(keyring()), 300);

    assertThat(fieldcrypt("rotate", "--yes").exitCode()).isZero();
    Run reencrypt = fieldcrypt(with(target, "reencrypt", "--yes", "--logfile", ""));
    Run stats = fieldcrypt(with(target, "stats"));
    Run cleanup = fieldcrypt(with(target, "cleanup-keys", "--keep-versions", "1", "--yes"));
    Run jobs = fieldcrypt("list-jobs", "--jdbc-url", db.url(), "--db-user", db.user());

    assertThat(reencrypt.exitCode()).as(reencrypt.err()).isZero();
    assertThat(reencrypt.err()).isEmpty();
    assertThat(reencrypt.out())
        .contains("Progress: 300/300 rows (100.0%)")
        .contains("[OK] Re-encryption finished")
        .contains("Re-encrypted:  300");
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    assertThat(stats.out()).containsPattern("(?m)^v1 +0$").containsPattern("v2 \\[ACTIVE\\] +300");
    assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
    assertThat(cleanup.out()).contains("[OK] Removed v1");
    assertThat(jobs.out()).containsPattern("\\d+ +finished +accounts\\(id\\): otp +v2 +300/300");
    Keyring after = keyring();
    assertThat(after.labels()).containsExactly("v2");
    assertThat(after.activeVersion()).isEqualTo("v2");
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT otp FROM accounts WHERE id = 42")) {
      assertThat(rs.next()).isTrue();
      assertThat(FieldCipher.create(after).decrypt(rs.getString(1), "accounts.otp"))
          .isEqualTo("otp-42");
    }
    try (Stream<Path> files = Files.list(dir)) {
      Path log =
          files
              .filter(p -> p.getFileName().toString().matches("fieldcrypt_\\d{8}_\\d{6}\\.log"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(log)).contains("AUDIT action=reencrypt-start job_id=");
    }
  }

  @Test
  void sigterm_pausesTheRunningJob_andResumeFinishesIt() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("jarsig");
    if (!db.password().isEmpty()) {
      environment.put("FIELDCRYPT_DB_PASSWORD", db.password());
    }
    List<String> target =
        List.of(
            "--jdbc-url",
            db.url(),
            "--db-user",
            db.user(),
            "--table",
            "accounts",
            "--column",
            "otp");
    assertThat(fieldcrypt("generate").exitCode()).isZero();
    seed(db, FieldCipher.create(keyring()), 10_000);
    assertThat(fieldcrypt("rotate", "--yes").exitCode()).isZero();

    Process run =
        start(with(target, "reencrypt", "--batch-size", "5", "--commit-every", "5", "--yes"));
    ReencryptJobs admin = ReencryptJobs.create(db.dataSource());
    JobInfo job = awaitProgress(admin, run);
    run.destroy(); // SIGTERM, as from Ctrl-C, kill or a container stop
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    finished(run);

    JobInfo stopped = admin.job(job.id());
    assertThat(stopped.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(stopped.processed()).isLessThan(10_000);
    Run resumed = fieldcrypt(with(target, "reencrypt", "--resume", "--yes"));
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("Job id: " + job.id() + " (resumed)")
        .contains("Processed:     10000 of 10000");
  }

  private static JobInfo awaitProgress(ReencryptJobs admin, Process run)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && run.isAlive()) {
      try {
        List<JobInfo> jobs = admin.list(JobStatus.RUNNING, 1);
        if (!jobs.isEmpty() && jobs.get(0).processed() > 0) {
          return jobs.get(0);
        }
      } catch (RuntimeException e) {
        // the job tables are not there yet: the jar creates them
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the job never ran, or finished before it could be stopped");
  }

  private static void seed(TestDatabase db, FieldCipher cipher, int rows) throws Exception {
    db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, otp VARCHAR(500))");
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("INSERT INTO accounts VALUES (?, ?)")) {
      for (long id = 1; id <= rows; id++) {
        ps.setLong(1, id);
        ps.setString(2, cipher.encrypt("otp-" + id, "accounts.otp"));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Test
  void unreachableDatabase_isOneLine_exit1() throws Exception {
    assertThat(fieldcrypt("generate").exitCode()).isZero();

    Run r =
        fieldcrypt(
            "reencrypt",
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:1/x",
            "--table",
            "t",
            "--column",
            "c",
            "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: cannot connect to the database at jdbc:postgresql://127.0.0.1:1/x:");
  }

  @Test
  void rotate_threeProcessesAtOnce_everyRotationKeepsItsVersion() throws Exception {
    assertThat(fieldcrypt("generate").exitCode()).isZero();
    List<Process> rotations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              jar.toString(),
              "rotate",
              "--yes");
      rotations.add(
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(dir.resolve(".rotate-" + i + ".out").toFile())
              .redirectError(dir.resolve(".rotate-" + i + ".err").toFile())
              .start());
    }
    for (int i = 0; i < 3; i++) {
      assertThat(rotations.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(rotations.get(i).exitValue())
          .as("rotate %d: %s", i, Files.readString(dir.resolve(".rotate-" + i + ".err")))
          .isZero();
    }

    Keyring k = keyring();
    assertThat(k.labels()).containsExactly("v1", "v2", "v3", "v4");
    assertThat(k.activeVersion()).isEqualTo("v4");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().contains(".backup_"))).hasSize(3);
    }
  }

  private Keyring keyring() {
    return DotenvKeySource.builder()
        .file(dir.resolve(".env.crypto"))
        .environment(Map.of())
        .build()
        .load();
  }

  private static String[] with(List<String> common, String command, String... more) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(common);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void badUsageAndNoTerminal_giveOneLineAndTheRightExitCode() throws Exception {
    Run unknown = fieldcrypt("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err().lines()).singleElement().asString().contains("unknown command");

    assertThat(fieldcrypt("generate").exitCode()).isZero();
    Run noTty = fieldcrypt("rotate");
    assertThat(noTty.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noTty.err().lines()).singleElement().asString().contains("--yes");

    Run missing = fieldcrypt("list", "--env-file", "absent.env");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.err().lines()).singleElement().asString().startsWith("error: ");
  }

  @Test
  void version_andHelp() throws Exception {
    Run version = fieldcrypt("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("fieldcrypt 0.").doesNotContain("unknown");

    Run help = fieldcrypt("rotate", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--new-version", "--[no-]persist", "--dry-run", "--yes");
    assertThat(help.err()).isEmpty();
  }
}
