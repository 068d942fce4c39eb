package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fieldcrypt reencrypt} end to end, on the local PostgreSQL (and H2 where cheap). */
class ReencryptCommandTest {
  private static final ReencryptTarget TARGET =
      ReencryptTarget.of("secrets", "id").column("otp").column("token");

  @TempDir Path dir;

  private JobsFixture fixture(String database) {
    return database.equals("h2") ? JobsFixture.h2(dir) : JobsFixture.postgres(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void reencrypt_bringsEveryRowToTheActiveVersion_andStatsSaysSo(String database) {
    JobsFixture fx = fixture(database).seed(1000).rotate();

    CliHarness.Result r =
        fx.cli
            .run(fx.onTarget("reencrypt", "--batch-size", "100", "--commit-every", "100", "--yes"))
            .succeeds();

    assertThat(r.out())
        .contains("Target: secrets(id): otp, token")
        .contains("Contexts: otp=secrets.otp, token=secrets.token")
        .contains("Target version: v2")
        .contains("Total rows: 1000")
        .contains("[OK] Re-encryption finished: job ")
        .contains("Processed:     1000 of 1000")
        .contains("Re-encrypted:  1000")
        .contains("Errors:        0")
        .containsPattern("Job id: +\\d+")
        .contains("Progress: 1000/1000 rows (100.0%)")
        .doesNotContain("\r");
    assertThat(r.out().lines().filter(l -> l.startsWith("Progress: "))).hasSizeBetween(5, 12);
    assertThat(fx.versions("otp")).isEqualTo(Map.of("v2", 800L, "null", 200L));
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 1000L));
    assertThat(fx.cipher().decrypt(fx.raw("otp", 7), "secrets.otp"))
        .isEqualTo(JobsFixture.otpOf(7));

    CliHarness.Result stats = fx.cli.run(fx.onTarget("stats")).succeeds();
    assertThat(stats.out())
        .containsPattern("v2 \\[ACTIVE\\] +800 +1000")
        .containsPattern("null +200 +0")
        .containsPattern("(?m)^v1 +0 +0$")
        .contains("[OK] Every encrypted value is on the active version v2.")
        .containsPattern("Latest job of this target: job \\d+: finished");
  }

  @Test
  void reencrypt_dryRun_writesNothing_andNeedsNoConfirmation() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(300).rotate();
    List<String> otp = fx.values("otp");
    List<String> token = fx.values("token");

    CliHarness.Result r = fx.cli.run(fx.onTarget("reencrypt", "--dry-run")).succeeds();

    assertThat(r.out())
        .contains("Mode: [DRY-RUN] count only, write nothing")
        .contains("[DRY-RUN] Job ")
        .contains("nothing was written")
        .contains("Would rewrite: 300");
    assertThat(fx.values("otp")).isEqualTo(otp);
    assertThat(fx.values("token")).isEqualTo(token);
    assertThat(fx.cli.run(fx.args("list-jobs")).succeeds().out()).contains("finished (dry run)");
  }

  @Test
  void reencrypt_resume_continuesThePausedJobOfTheTarget() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(1000).rotate();
    JobInfo paused = pausedJob(fx);

    CliHarness.Result r =
        fx.cli
            .run(
                fx.onTarget(
                    "reencrypt", "--resume", "--batch-size", "100", "--commit-every", "100", "-y"))
            .succeeds();

    assertThat(r.out())
        .contains("Resuming: job " + paused.id() + ": paused")
        .contains("Job id: " + paused.id() + " (resumed)")
        .contains("Processed:     1000 of 1000");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 1000L));
    assertThat(fx.admin().list(null, 10))
        .singleElement()
        .extracting(JobInfo::id)
        .isEqualTo(paused.id());
  }

  @Test
  void reencrypt_jobId_resumesThatJob_withoutTheTargetOptions() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(500).rotate();
    JobInfo paused = pausedJob(fx);

    CliHarness.Result r =
        fx.cli.run(fx.args("reencrypt", "--job-id", String.valueOf(paused.id()), "--yes"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Target: secrets(id): otp, token").contains("(resumed)");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 500L));
  }

  @Test
  void reencrypt_resumeWithoutUnfinishedJob_startsANewOne() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(50).rotate();

    CliHarness.Result r = fx.cli.run(fx.onTarget("reencrypt", "--resume", "--yes")).succeeds();

    assertThat(r.out()).contains("No unfinished job of this target").contains("(new)");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 50L));
  }

  @Test
  void reencrypt_pausedWhileRunning_exits1SayingHowToResume() throws Exception {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10_000).rotate();
    ReencryptJobs admin = fx.admin(); // before the run starts: creating it takes a Flyway check
    CompletableFuture<CliHarness.Result> run =
        CompletableFuture.supplyAsync(
            () ->
                fx.cli.run(
                    fx.onTarget("reencrypt", "--batch-size", "5", "--commit-every", "5", "--yes")));
    long id = awaitRunningJob(admin, run);
    assertThat(admin.pause(id)).isTrue();

    CliHarness.Result r = run.get(60, TimeUnit.SECONDS);

    r.failsWith(ExitCodes.FAILURE, "job " + id + " was paused after", "--job-id " + id);
    assertThat(r.out()).contains("[FAIL] Re-encryption job " + id + " ended paused");
    fx.cli.run(fx.onTarget("reencrypt", "--resume", "--yes")).succeeds();
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 10_000L));
  }

  @Test
  void reencrypt_cancelledJob_exits1() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(20).rotate();
    long id = fx.jobs().create(TARGET, JobOptions.defaults());
    fx.cli.run(fx.args("cancel-job", "--job-id", String.valueOf(id), "--yes")).succeeds();

    CliHarness.Result r = fx.cli.run(fx.args("reencrypt", "--job-id", String.valueOf(id), "--yes"));

    r.failsWith(ExitCodes.FAILURE, "job " + id + " was cancelled");
    assertThat(r.out()).contains("Job " + id + " is already cancelled");
  }

  @Test
  void reencrypt_noTerminalNoYes_refusesBeforeTouchingAnything() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(20).rotate();

    fx.cli.run(fx.onTarget("reencrypt")).failsWith(ExitCodes.USAGE, "no terminal", "--yes");

    assertThat(fx.versions("token")).isEqualTo(Map.of("v1", 20L));
  }

  @Test
  void reencrypt_onATerminal_asksAndDrawsAProgressBar() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(200).rotate();
    CliHarness terminal = fx.terminal("y");

    CliHarness.Result r = terminal.run(fx.onTarget("reencrypt", "--batch-size", "50")).succeeds();

    assertThat(terminal.prompts)
        .singleElement()
        .asString()
        .startsWith("Re-encrypt secrets(id): otp, token to version v2 in jdbc:")
        .endsWith("Rows are rewritten in place. [y/N]: ");
    assertThat(r.out())
        .containsPattern(Pattern.quote("\r[" + "#".repeat(30) + "] 200/200 rows 100.0%"))
        .contains("rows/s  ETA ")
        .doesNotContain("Progress: ");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v2", 200L));
  }

  @Test
  void reencrypt_answeredNo_changesNothing() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(20).rotate();

    fx.terminal("n").run(fx.onTarget("reencrypt")).failsWith(ExitCodes.FAILURE, "not confirmed");

    assertThat(fx.versions("token")).isEqualTo(Map.of("v1", 20L));
    assertThat(fx.admin().list(null, 10)).isEmpty();
  }

  @Test
  void reencrypt_finishedJobWithRowsLeftBehind_exits1SayingSo() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(100).rotate();
    String underV1 = fx.raw("token", 7);
    fx.cli.run(fx.onTarget("reencrypt", "--yes")).succeeds();
    long id =
        fx.jobs().list(null, 100).stream()
            .mapToLong(dev.fieldcrypt.jobs.JobInfo::id)
            .max()
            .orElseThrow();
    fx.setRaw("token", 7, underV1); // an instance with an older keyring wrote after the job

    CliHarness.Result r = fx.cli.run(fx.args("reencrypt", "--job-id", String.valueOf(id), "--yes"));

    r.failsWith(
        ExitCodes.FAILURE,
        "a check of the table found 1 row(s) still holding values not under v2",
        "run the same command again");
    assertThat(r.out()).contains("Left behind:   1").doesNotContain(underV1);
  }

  @Test
  void reencrypt_undecryptableRows_areListedByIdAndExit1() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(100).rotate();
    fx.setRaw("token", 10, fx.tampered("token", 10));

    CliHarness.Result r = fx.cli.run(fx.onTarget("reencrypt", "--yes"));

    r.failsWith(ExitCodes.FAILURE, "finished, but 1 row(s) could not be re-encrypted");
    assertThat(r.out())
        .contains("Errors:        1")
        .containsPattern("(?m)^  10 +token +DECRYPTION_FAILED +v1$")
        .contains("[FAIL] Re-encryption job")
        .contains("finished, but 1 row(s) could not be re-encrypted");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v1", 1L, "v2", 99L));
  }

  @Test
  void reencrypt_maxErrors_failsTheJob() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(100).rotate();
    for (long id : new long[] {3, 4, 5}) {
      fx.setRaw("token", id, fx.tampered("token", id));
    }

    CliHarness.Result r =
        fx.cli.run(
            fx.onTarget(
                "reencrypt",
                "--max-errors",
                "1",
                "--batch-size",
                "2",
                "--commit-every",
                "2",
                "--yes"));

    r.failsWith(ExitCodes.FAILURE, "failed:", "more than the limit of 1", "--job-id");
    assertThat(r.out()).contains("ended failed");
  }

  @Test
  void reencrypt_contextOption_bindsAColumnToItsOwnContext() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10);
    fx.db.execute(
        "CREATE TABLE renamed (id BIGINT PRIMARY KEY, secret VARCHAR(500))",
        "INSERT INTO renamed VALUES (1, '" + fx.cipher().encrypt("s1", "users.secret") + "')");
    fx.rotate();
    String[] base = fx.args("reencrypt", "--table", "renamed", "--column", "secret", "--yes");

    fx.cli.run(base).failsWith(ExitCodes.FAILURE, "could not be re-encrypted");
    CliHarness.Result ok = fx.cli.run(concat(base, "--context", "secret=users.secret")).succeeds();

    assertThat(ok.out()).contains("Contexts: secret=users.secret").contains("Re-encrypted:  1");
    fx.cli
        .run(concat(base, "--context", "other=users.secret"))
        .failsWith(ExitCodes.USAGE, "--context other=", "not given with --column");
    fx.cli
        .run(concat(base, "--context", "secret"))
        .failsWith(ExitCodes.USAGE, "--context", "KEY=VALUE");
  }

  @Test
  void reencrypt_encryptPlaintext_encryptsValuesNotYetEncrypted() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10).rotate();
    fx.setRaw("otp", 3, "JBSWY3DPEHPK3PXP");

    fx.cli.run(fx.onTarget("reencrypt", "--yes")).failsWith(ExitCodes.FAILURE, "1 row(s)");
    fx.cli.run(fx.onTarget("reencrypt", "--encrypt-plaintext", "--yes")).succeeds();

    assertThat(fx.cipher().decrypt(fx.raw("otp", 3), "secrets.otp")).isEqualTo("JBSWY3DPEHPK3PXP");
  }

  @Test
  void reencrypt_badInput_isOneLineWithTheRightExitCode() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5).rotate();

    fx.cli
        .run(fx.args("reencrypt", "--column", "otp", "--yes"))
        .failsWith(ExitCodes.USAGE, "Missing required option: '--table=TABLE'");
    fx.cli
        .run(fx.args("reencrypt", "--table", "secrets", "--yes"))
        .failsWith(ExitCodes.USAGE, "--column");
    fx.cli
        .run(fx.args("reencrypt", "--table", "secrets", "--column", "nope", "--yes"))
        .failsWith(ExitCodes.FAILURE, "does not match the database", "nope");
    fx.cli
        .run(fx.args("reencrypt", "--table", "nosuch", "--column", "otp", "--yes"))
        .failsWith(ExitCodes.FAILURE, "does not match the database", "nosuch");
    fx.cli
        .run(fx.args("reencrypt", "--table", "a;b", "--column", "otp", "--yes"))
        .failsWith(ExitCodes.USAGE, "invalid table name 'a;b'");
    fx.cli
        .run(fx.onTarget("reencrypt", "--resume", "--job-id", "1", "--yes"))
        .failsWith(ExitCodes.USAGE, "either --resume", "or --job-id");
    fx.cli
        .run(fx.onTarget("reencrypt", "--resume", "--dry-run"))
        .failsWith(ExitCodes.USAGE, "a dry run", "never resumed");
    fx.cli
        .run(fx.onTarget("reencrypt", "--batch-size", "0", "--yes"))
        .failsWith(ExitCodes.USAGE, "batch size must be between 1 and");
    fx.cli
        .run(fx.onTarget("reencrypt", "--workers", "many", "--yes"))
        .failsWith(ExitCodes.USAGE, "--workers", "'many'");
    fx.cli
        .run(fx.args("reencrypt", "--job-id", "424242", "--yes"))
        .failsWith(ExitCodes.FAILURE, "no re-encryption job with id 424242");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v1", 5L));
  }

  @Test
  void reencrypt_jobOfAnOlderKeyring_isRefusedBeforeAsking() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5).rotate();
    long id = fx.jobs().create(TARGET, JobOptions.defaults());
    fx.rotate();

    fx.cli
        .run(fx.args("reencrypt", "--job-id", String.valueOf(id), "--yes"))
        .failsWith(ExitCodes.FAILURE, "re-encrypts to version 'v2'", "active version is 'v3'");
  }

  /** A job of the whole target that a pause stopped after 100 rows. */
  private static JobInfo pausedJob(JobsFixture fx) {
    ReencryptJobs jobs = fx.jobs();
    AtomicBoolean paused = new AtomicBoolean();
    JobInfo job =
        jobs.start(
            TARGET,
            JobOptions.builder()
                .batchSize(100)
                .commitEvery(100)
                .progress(
                    p -> {
                      if (paused.compareAndSet(false, true)) {
                        jobs.pause(p.jobId());
                      }
                    })
                .build());
    assertThat(job.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(job.processed()).isLessThan(job.total());
    return job;
  }

  private static long awaitRunningJob(ReencryptJobs admin, CompletableFuture<?> run)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !run.isDone()) {
      List<JobInfo> running = admin.list(JobStatus.RUNNING, 1);
      if (!running.isEmpty() && running.get(0).processed() > 0) {
        return running.get(0).id();
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "the job never ran (or finished before it could be paused)"
            + (run.isDone() ? ": " + run.join() : ""));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
