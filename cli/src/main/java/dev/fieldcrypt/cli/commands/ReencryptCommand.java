package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.cli.output.ProgressReporter;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobProgress;
import dev.fieldcrypt.jobs.ProgressListener;
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
public final class ReencryptCommand extends BaseCommand {
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
  public Map<String, String> contexts = new LinkedHashMap<>();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "500",
      description = "Rows read and written per batch (default: ${DEFAULT-VALUE}).")
  public int batchSize;

  @Option(
      names = "--commit-every",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Rows per transaction and progress checkpoint (default: ${DEFAULT-VALUE}).")
  public int commitEvery;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Worker threads in this process (default: ${DEFAULT-VALUE}); other processes may join"
              + " the job with --job-id.")
  public int workers;

  @Option(
      names = "--dry-run",
      description = "Count what would be re-encrypted; write nothing but the job record.")
  public boolean dryRun;

  @Option(
      names = "--resume",
      description =
          "Resume the newest unfinished (pending, running, paused or failed) job of this target;"
              + " start a new one when there is none.")
  public boolean resume;

  @Option(names = "--job-id", paramLabel = "ID", description = "Resume (or join) this job.")
  public Long jobId;

  @Option(
      names = "--encrypt-plaintext",
      description =
          "Also encrypt values that are not ciphertext yet (turning encryption on for a column);"
              + " without it they are reported as errors.")
  public boolean encryptPlaintext;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      description = "Fail the job once more than N rows could not be re-encrypted (default: none).")
  public Integer maxErrors;

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
    KeyringStore store = keyring.store(context().environment());
    Keyring k = store.load();
    try (Database db = database.open(context().environment(), workers + 2, true, ui())) {
      ReencryptJobs jobs = ReencryptJobs.create(db.dataSource(), FieldCipher.create(k));
      JobInfo existing = existingJob(jobs, target);
      if (existing == null) {
        jobs.verify(target);
      }
      ReencryptText text = new ReencryptText(ui(), db.url(), store);
      text.plan(k, existing == null ? target : existing.target(), existing);
      printRunOptions(existing);
      if (existing != null && existing.status().isFinal()) {
        ui().info("Job " + existing.id() + " is already " + existing.status().dbValue() + ".");
        return JobSummary.report(
            ui(),
            existing,
            jobs.errors(existing.id(), JobSummary.ERRORS_SHOWN),
            jobs.leftBehind(existing));
      }
      if (existing != null) {
        jobs.checkResumable(existing, options.build());
      }
      if (!dryRun) {
        confirm(confirmation, text.question(target, existing, k.activeVersion()));
      }
      JobInfo end = run(jobs, target, existing, options, text);
      int code =
          JobSummary.report(
              ui(), end, jobs.errors(end.id(), JobSummary.ERRORS_SHOWN), jobs.leftBehind(end));
      if (!end.dryRun()) {
        text.nextSteps(end);
      }
      return code;
    }
  }

  /**
   * Runs the job through the library's front door (a new job, the named one, or start-or-resume
   * with {@code --resume}), with the progress display, the audit lines and a pause on Ctrl-C.
   */
  private JobInfo run(
      ReencryptJobs jobs,
      ReencryptTarget target,
      JobInfo existing,
      JobOptions.Builder options,
      ReencryptText text) {
    Runner runner = new Runner(jobs, text, existing == null ? 0 : existing.processed());
    JobOptions o = options.progress(runner).build();
    JobInfo end;
    try {
      end =
          jobId != null
              ? jobs.resume(jobId, o)
              : resume ? jobs.startOrResume(target, o) : jobs.start(target, o);
    } finally {
      runner.finish();
    }
    audit(
        "reencrypt-end",
        "job_id",
        end.id(),
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
    return end;
  }

  /**
   * What the command does around the library's run: once the job starts it prints and audits it and
   * installs the pause-on-exit hook; then it shows the progress.
   */
  private final class Runner implements ProgressListener {
    private final ReencryptJobs jobs;
    private final ReencryptText text;
    private final long processedBefore;
    private ProgressReporter progress;
    private Thread hook;

    Runner(ReencryptJobs jobs, ReencryptText text, long processedBefore) {
      this.jobs = jobs;
      this.text = text;
      this.processedBefore = processedBefore;
    }

    @Override
    public synchronized void onStart(JobInfo job, boolean resumed) {
      audit(
          resumed ? "reencrypt-resume" : "reencrypt-start",
          "job_id",
          job.id(),
          "target",
          job.target().key(),
          "version",
          job.targetVersion(),
          "dry_run",
          job.dryRun(),
          "database",
          text.url());
      ui().line("Job id: " + job.id() + (resumed ? " (resumed)" : " (new)"));
      ui().line("Total rows: " + job.total());
      hook = pauseOnExit(jobs, job.id());
      progress =
          new ProgressReporter(
              spec.commandLine().getOut(),
              ui(),
              context().terminal() != null,
              System::nanoTime,
              resumed ? job.processed() : processedBefore,
              job.total());
    }

    @Override
    public synchronized void onWaiting(long jobId, long chunks, java.time.Instant leaseExpires) {
      ui().info(
              "Waiting: "
                  + chunks
                  + " chunk(s) of job "
                  + jobId
                  + " are held by other workers, alive elsewhere or dead (a killed process keeps its"
                  + " lease until it runs out). The first lease runs out at "
                  + leaseExpires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  + " unless its worker is alive; this process then takes the chunk over.");
    }

    @Override
    public void onProgress(JobProgress p) {
      ProgressReporter r;
      synchronized (this) {
        r = progress;
      }
      if (r != null) {
        r.onProgress(p);
      }
    }

    synchronized void finish() {
      if (progress != null) {
        progress.finish();
      }
      if (hook != null) {
        removeHook(hook);
      }
    }
  }

  /**
   * On Ctrl-C (or SIGTERM) while the job runs: pauses it, so that its workers stop after their
   * batch and it can be resumed at once (instead of after its lease runs out), and lets the JVM
   * exit only once the command has printed how the job ended.
   */
  private Thread pauseOnExit(ReencryptJobs admin, long id) {
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
    } catch (InvalidArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The job to resume, or null to start a new one. */
  private JobInfo existingJob(ReencryptJobs admin, ReencryptTarget target) {
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
