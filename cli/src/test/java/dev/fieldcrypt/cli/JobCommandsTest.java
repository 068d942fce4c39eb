package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list-jobs}, {@code pause-job}, {@code cancel-job} and {@code cleanup-jobs}. */
class JobCommandsTest {
  private static final ReencryptTarget TARGET =
      ReencryptTarget.of("secrets", "id").column("otp").column("token");

  @TempDir Path dir;

  @Test
  void listJobs_showsATableOfTheNewestJobs_andFiltersByStatus() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(40).rotate();
    fx.cli.run(fx.onTarget("reencrypt", "--yes")).succeeds();
    long pending = fx.jobs().create(TARGET, JobOptions.defaults());

    CliHarness.Result all = fx.cli.run(fx.args("list-jobs")).succeeds();
    CliHarness.Result finished =
        fx.cli.run(fx.args("list-jobs", "--status", "FINISHED")).succeeds();
    CliHarness.Result limited = fx.cli.run(fx.args("list-jobs", "--limit", "1")).succeeds();

    assertThat(all.out())
        .containsPattern("ID +STATUS +TARGET +VERSION +PROCESSED +ERRORS +STARTED +HEARTBEAT")
        .containsPattern(pending + " +pending +secrets\\(id\\): otp, token +v2 +0/40 +0 +- +-")
        .containsPattern(
            "\\d+ +finished +secrets\\(id\\): otp, token +v2 +40/40 +0 +\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d:\\d\\d +\\d{4}-");
    assertThat(all.out().indexOf(" pending ")).isLessThan(all.out().indexOf(" finished "));
    assertThat(finished.out()).contains(" finished ").doesNotContain(" pending ");
    assertThat(limited.out())
        .contains(" pending ")
        .doesNotContain(" finished ")
        .contains("Showing the newest 1");
    assertThat(fx.cli.run(fx.args("list-jobs", "--status", "cancelled")).succeeds().out())
        .contains("No cancelled re-encryption jobs");
  }

  @Test
  void listJobs_badStatusOrLimit_isUsageError() {
    JobsFixture fx = JobsFixture.postgres(dir);

    fx.cli
        .run(fx.args("list-jobs", "--status", "done"))
        .failsWith(ExitCodes.USAGE, "unknown job status 'done'", "pending, running");
    fx.cli
        .run(fx.args("list-jobs", "--limit", "0"))
        .failsWith(ExitCodes.USAGE, "--limit must be at least 1");
  }

  @Test
  void pauseJob_pausesAPendingJob_andRefusesAFinishedOne() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10).rotate();
    ReencryptJobs admin = fx.admin();
    long id = fx.jobs().create(TARGET, JobOptions.defaults());

    CliHarness.Result r =
        fx.cli.run(fx.args("pause-job", "--job-id", String.valueOf(id))).succeeds();

    assertThat(r.out()).contains("[OK] Job " + id + " paused").contains("--job-id " + id);
    assertThat(admin.job(id).status()).isEqualTo(JobStatus.PAUSED);
    fx.cli
        .run(fx.args("pause-job", "--job-id", String.valueOf(id)))
        .failsWith(ExitCodes.FAILURE, "job " + id + " is paused", "only pending or running");
    fx.cli
        .run(fx.args("pause-job", "--job-id", "999999"))
        .failsWith(ExitCodes.FAILURE, "no re-encryption job with id 999999");
    fx.cli.run(fx.args("pause-job")).failsWith(ExitCodes.USAGE, "--job-id");
  }

  @Test
  void cancelJob_asksThenCancels() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10).rotate();
    ReencryptJobs admin = fx.admin();
    long id = fx.jobs().create(TARGET, JobOptions.defaults());
    String[] cancel = fx.args("cancel-job", "--job-id", String.valueOf(id));

    fx.cli.run(cancel).failsWith(ExitCodes.USAGE, "no terminal", "--yes");
    fx.terminal("n").run(cancel).failsWith(ExitCodes.FAILURE, "not confirmed");
    assertThat(admin.job(id).status()).isEqualTo(JobStatus.PENDING);

    CliHarness terminal = fx.terminal("yes");
    CliHarness.Result r = terminal.run(cancel).succeeds();

    assertThat(terminal.prompts)
        .containsExactly("Cancel job " + id + " for good? It cannot be resumed. [y/N]: ");
    assertThat(r.out()).contains("[OK] Job " + id + " cancelled");
    assertThat(admin.job(id).status()).isEqualTo(JobStatus.CANCELLED);
    fx.cli
        .run(fx.args("cancel-job", "--job-id", String.valueOf(id), "--yes"))
        .failsWith(ExitCodes.FAILURE, "already cancelled");
  }

  @Test
  void cleanupJobs_dryRunListsThem_thenDeletesOnlyOldOnes() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10).rotate();
    ReencryptJobs admin = fx.admin();
    long cancelled = fx.jobs().create(TARGET, JobOptions.defaults());
    admin.cancel(cancelled);
    long pending = fx.jobs().create(TARGET, JobOptions.defaults());

    CliHarness.Result none = fx.cli.run(fx.args("cleanup-jobs", "--yes")).succeeds();
    assertThat(none.out()).contains("[OK] Nothing to clean up.");

    String[] now = fx.args("cleanup-jobs", "--finished-older-than", "0", "--dry-run");
    CliHarness.Result dry = fx.cli.run(now).succeeds();
    assertThat(dry.out())
        .contains("job " + cancelled + ": cancelled")
        .contains("[DRY-RUN] Would delete 1 job(s): " + cancelled);
    assertThat(admin.list(null, 10)).hasSize(2);

    fx.cli
        .run(fx.args("cleanup-jobs", "--finished-older-than", "0"))
        .failsWith(ExitCodes.USAGE, "--yes");
    CliHarness.Result deleted =
        fx.cli.run(fx.args("cleanup-jobs", "--finished-older-than", "0", "--yes")).succeeds();

    assertThat(deleted.out()).contains("[OK] Deleted 1 job(s): " + cancelled);
    assertThat(admin.list(null, 10))
        .singleElement()
        .satisfies(j -> assertThat(j.id()).isEqualTo(pending));
    fx.cli
        .run(fx.args("cleanup-jobs", "--stalled-older-than", "-1", "--yes"))
        .failsWith(ExitCodes.USAGE, "--stalled-older-than must be 0 or more days");
  }
}
