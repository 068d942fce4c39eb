package dev.fieldcrypt.cli;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.jobs.JobAdmin;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fieldcrypt reencrypt}: runs a re-encryption job to the keyring's active version. */
@Command(
    name = "reencrypt",
    description = {
      "Re-encrypt the values of encrypted columns to the keyring's active version, in a resumable"
          + " job whose progress is kept in the database (table reencrypt_jobs).",
      "Needs --table and --column, unless --job-id names the job. Values already on the active"
          + " version are skipped; rows the application changes meanwhile are never overwritten.",
      "Ctrl-C pauses the job (its workers stop after their batch); resume it with --resume or"
          + " --job-id.",
      "Exit 0 when the job finished with no error row; 1 when rows could not be re-encrypted or"
          + " the job failed, was paused or was cancelled."
    })
final class ReencryptCommand extends BaseCommand {
  private static final Logger log = LoggerFactory.getLogger(ReencryptCommand.class);
  private static final int PAUSE_WAIT_SECONDS = 30;

  @Mixin KeyringOptions keyring;
  @Mixin DatabaseOptions database;
  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--context",
      paramLabel = "COLUMN=CONTEXT",
      description =
          "The context a column's values are bound to, when it is not the default table.column"
              + " (e.g. after a rename, or a context pinned in @Encrypted); repeat per column.")
  Map<String, String> contexts = new LinkedHashMap<>();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "500",
      description = "Rows read and written per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--commit-every",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Rows per transaction and progress checkpoint (default: ${DEFAULT-VALUE}).")
  int commitEvery;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Worker threads in this process (default: ${DEFAULT-VALUE}); other processes may join"
              + " the job with --job-id.")
  int workers;

  @Option(
      names = "--dry-run",
      description = "Count what would be re-encrypted; write nothing but the job record.")
  boolean dryRun;

  @Option(
      names = "--resume",
      description =
          "Resume the newest unfinished (pending, running, paused or failed) job of this target;"
              + " start a new one when there is none.")
  boolean resume;

  @Option(names = "--job-id", paramLabel = "ID", description = "Resume (or join) this job.")
  Long jobId;

  @Option(
      names = "--encrypt-plaintext",
      description =
          "Also encrypt values that are not ciphertext yet (turning encryption on for a column);"
              + " without it they are reported as errors.")
  boolean encryptPlaintext;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      description = "Fail the job once more than N rows could not be re-encrypted (default: none).")
  Integer maxErrors;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    checkCombinations();
    JobOptions.Builder options = jobOptions();
    ReencryptTarget target =
        jobId == null || targetOptions.given() ? targetOptions.target(contexts) : null;
    if (!dryRun) {
      requireConfirmable(confirmation);
    }
    Keyring k = keyring.source(context().environment()).load();
    FieldCipher cipher = FieldCipher.create(k);
    try (Database db = database.open(context().environment(), workers + 2, true, ui())) {
      JobAdmin admin = JobAdmin.create(db.dataSource());
      JobInfo existing = existingJob(admin, target);
      if (existing == null) {
        admin.verify(target);
      }
      ReencryptText text = new ReencryptText(ui(), db.url(), keyring.file());
      text.plan(k, existing == null ? target : existing.target(), existing);
      printRunOptions(existing);
      if (existing != null && existing.status().isFinal()) {
        ui().info("Job " + existing.id() + " is already " + existing.status().dbValue() + ".");
        return JobSummary.report(
            ui(), existing, admin.errors(existing.id(), JobSummary.ERRORS_SHOWN));
      }
      if (existing != null) {
        checkResumable(existing, cipher);
      }
      if (!dryRun) {
        confirm(confirmation, text.question(target, existing, cipher.activeVersion()));
      }
      ReencryptJobs jobs = ReencryptJobs.create(db.dataSource(), cipher);
      return runJob(jobs, admin, target, existing, options, text);
    }
  }

  /** Creates the job (or takes the existing one), runs it here and reports how it ended. */
  private int runJob(
      ReencryptJobs jobs,
      JobAdmin admin,
      ReencryptTarget target,
      JobInfo existing,
      JobOptions.Builder options,
      ReencryptText text) {
    long id = existing == null ? jobs.create(target, options.build()) : existing.id();
    JobInfo before = admin.job(id);
    audit(
        existing == null ? "reencrypt-start" : "reencrypt-resume",
        "job_id",
        id,
        "target",
        before.target().key(),
        "version",
        before.targetVersion(),
        "dry_run",
        before.dryRun(),
        "database",
        text.url());
    ui().line("Job id: " + id + (existing == null ? " (new)" : " (resumed)"));
    ui().line("Total rows: " + before.total());
    Thread hook = pauseOnExit(admin, id);
    JobInfo end;
    try {
      end = run(jobs, id, options, before);
    } finally {
      removeHook(hook);
    }
    audit(
        "reencrypt-end",
        "job_id",
        id,
        "status",
        end.status().dbValue(),
        "processed",
        end.processed(),
        "reencrypted",
        end.reencrypted(),
        "skipped",
        end.skipped(),
        "errors",
        end.errors(),
        "conflicts",
        end.conflicts());
    int code = JobSummary.report(ui(), end, admin.errors(id, JobSummary.ERRORS_SHOWN));
    if (!end.dryRun()) {
      text.nextSteps(end);
    }
    return code;
  }

  /** Runs the job here with the progress display. */
  private JobInfo run(ReencryptJobs jobs, long id, JobOptions.Builder options, JobInfo before) {
    ProgressReporter progress =
        new ProgressReporter(
            spec.commandLine().getOut(),
            ui(),
            context().terminal() != null,
            System::nanoTime,
            before.processed(),
            before.total());
    try {
      return jobs.resume(id, options.progress(progress).build());
    } finally {
      progress.finish();
    }
  }

  /**
   * On Ctrl-C (or SIGTERM) while the job runs: pauses it, so that its workers stop after their
   * batch and it can be resumed at once (instead of after its lease runs out), and lets the JVM
   * exit only once the command has printed how the job ended.
   */
  private Thread pauseOnExit(JobAdmin admin, long id) {
    Thread hook =
        new Thread(
            () -> {
              if (admin.pause(id)) {
                log.warn("interrupted: pausing job {}; resume it with --job-id {}", id, id);
              }
              try {
                root.awaitDone(PAUSE_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fieldcrypt-pause-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is exiting and the hook is running: it waits for this command to finish
    }
  }

  private void checkCombinations() {
    if (resume && jobId != null) {
      throw usage("use either --resume (the newest unfinished job of the target) or --job-id");
    }
    if (dryRun && (resume || jobId != null)) {
      throw usage(
          "a dry run is a job of its own and is never resumed; drop --dry-run, or drop --resume"
              + " and --job-id");
    }
  }

  private JobOptions.Builder jobOptions() {
    try {
      return JobOptions.builder()
          .batchSize(batchSize)
          .commitEvery(commitEvery)
          .workers(workers)
          .dryRun(dryRun)
          .encryptPlaintext(encryptPlaintext)
          .maxErrors(maxErrors);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The job to resume, or null to start a new one. */
  private JobInfo existingJob(JobAdmin admin, ReencryptTarget target) {
    if (jobId != null) {
      JobInfo job = admin.job(jobId);
      if (target != null && !job.target().equals(target)) {
        throw usage(
            "job "
                + jobId
                + " re-encrypts "
                + job.target().key()
                + ", not "
                + target.key()
                + "; drop --table/--column/--context or pass the job's own");
      }
      return job;
    }
    if (resume) {
      JobInfo latest = admin.latestUnfinished(target).orElse(null);
      if (latest == null) {
        ui().info("No unfinished job of this target to resume; starting a new one.");
      }
      return latest;
    }
    return null;
  }

  private void checkResumable(JobInfo job, FieldCipher cipher) {
    if (!job.targetVersion().equals(cipher.activeVersion())) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "job "
              + job.id()
              + " re-encrypts to version '"
              + job.targetVersion()
              + "' but the keyring's active version is '"
              + cipher.activeVersion()
              + "'; cancel it (fieldcrypt cancel-job --job-id "
              + job.id()
              + ") and start a new job, or use the keyring it was started with.");
    }
    if (encryptPlaintext && !job.encryptPlaintext()) {
      throw usage(
          "job "
              + job.id()
              + " was created without --encrypt-plaintext and a job keeps the options it was"
              + " created with; resume it without the flag, or cancel it and start a new job");
    }
  }

  private void printRunOptions(JobInfo existing) {
    if (existing == null) {
      ui().line(
              "Mode: "
                  + (dryRun ? "[DRY-RUN] count only, write nothing" : "rewrite values in place")
                  + (encryptPlaintext ? ", encrypt plaintext values" : ""));
    }
    ui().line(
            "Workers: "
                + workers
                + ", batch size "
                + batchSize
                + ", commit every "
                + commitEvery
                + " rows"
                + (maxErrors == null ? "" : ", at most " + maxErrors + " error rows"));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
