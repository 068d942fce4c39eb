package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ErrorHandler;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.cli.output.Ui;
import dev.fieldcrypt.jobs.JobError;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobStatus;
import java.util.List;

/**
 * The end of a {@code reencrypt} run: the counters, the first rows that failed, and the exit code.
 *
 * <p>The rule: exit 0 only when the job is {@code finished} with no error row (a dry run too). A
 * finished job with error rows, and a job that ended {@code failed}, {@code paused} or {@code
 * cancelled} (or is still running in other processes) exit 1, with one {@code error:} line saying
 * which and what to do; so does a finished job that left rows behind ({@link
 * dev.fieldcrypt.jobs.ReencryptJobs#leftBehind}: values still not under its version that it did not
 * report). Conflicts (rows the application rewrote meanwhile) are not errors: those rows are
 * already on the active version.
 */
public final class JobSummary {
  public static final int ERRORS_SHOWN = 10;

  private JobSummary() {}

  /**
   * Prints the summary of {@code job} and returns 0, or throws the failure.
   *
   * @param errors the first error rows of the job (at most {@link #ERRORS_SHOWN} are printed)
   * @throws CommandFailedException with {@link ExitCodes#FAILURE} unless the job finished cleanly
   */
  public static int report(Ui ui, JobInfo job, List<JobError> errors) {
    return report(ui, job, errors, 0);
  }

  /**
   * {@link #report(Ui, JobInfo, List)} for a job after which {@code leftBehind} rows still hold
   * values not under its version that it did not report: not clean when it is above 0.
   */
  public static int report(Ui ui, JobInfo job, List<JobError> errors, long leftBehind) {
    ui.blank();
    String v = job.targetVersion();
    boolean clean = job.status() == JobStatus.FINISHED && job.errors() == 0 && leftBehind == 0;
    if (job.dryRun()) {
      ui.line(
          (clean ? "[OK] " : "[FAIL] ")
              + "[DRY-RUN] Job "
              + job.id()
              + " "
              + job.status().dbValue()
              + ": counted what a re-encryption would do; nothing was written.");
    } else if (clean) {
      ui.ok("Re-encryption finished: job " + job.id());
    } else if (job.status() == JobStatus.FINISHED && job.errors() == 0) {
      ui.line(
          "[FAIL] Re-encryption job "
              + job.id()
              + " finished, but "
              + leftBehind
              + " row(s) still hold values not under "
              + v);
    } else if (job.status() == JobStatus.FINISHED) {
      ui.line(
          "[FAIL] Re-encryption job "
              + job.id()
              + " finished, but "
              + job.errors()
              + " row(s) could not be re-encrypted");
    } else {
      ui.line("[FAIL] Re-encryption job " + job.id() + " ended " + job.status().dbValue());
    }
    ui.line("  Processed:     " + job.processed() + " of " + job.total());
    ui.line("  " + (job.dryRun() ? "Would rewrite: " : "Re-encrypted:  ") + job.reencrypted());
    ui.line("  Skipped:       " + job.skipped() + " (already on " + v + ", or null)");
    ui.line("  Errors:        " + job.errors());
    ui.line(
        "  Conflicts:     "
            + job.conflicts()
            + " (changed by the application meanwhile, left as it wrote them)");
    if (leftBehind > 0) {
      ui.line("  Left behind:   " + leftBehind + " (not under " + v + ", not reported as errors)");
    }
    ui.line("  Job id:        " + job.id());
    showErrors(ui, job, errors);
    if (clean) {
      return ExitCodes.OK;
    }
    if (leftBehind > 0 && job.errors() == 0 && job.status() == JobStatus.FINISHED) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "job "
              + job.id()
              + " finished, but a check of the table found "
              + leftBehind
              + " row(s) still holding values not under "
              + v
              + " that the job neither rewrote nor reported: it examined fewer rows than it must"
              + " have, or an instance with an older keyring wrote them meanwhile. Check that every"
              + " instance's keyring has "
              + v
              + " active, then run the same command again; 'fieldcrypt stats' shows where they"
              + " are.");
    }
    throw new CommandFailedException(ExitCodes.FAILURE, failure(job));
  }

  private static void showErrors(Ui ui, JobInfo job, List<JobError> errors) {
    if (errors.isEmpty()) {
      return;
    }
    ui.blank();
    ui.line("Rows that could not be re-encrypted:");
    List<List<String>> rows =
        errors.stream()
            .limit(ERRORS_SHOWN)
            .map(
                e ->
                    List.of(
                        e.rowId(),
                        e.column(),
                        e.reason(),
                        e.keyVersion() == null ? "-" : e.keyVersion()))
            .toList();
    JobText.table(
            List.of("ROW ID", "COLUMN", "REASON", "VERSION"),
            rows,
            new boolean[] {false, false, false, false})
        .forEach(l -> ui.line("  " + l));
    if (job.errors() > Math.min(errors.size(), ERRORS_SHOWN)) {
      ui.line(
          "  … "
              + job.errors()
              + " in all; every one is in the table reencrypt_job_errors (job_id = "
              + job.id()
              + ")");
    }
  }

  private static String failure(JobInfo job) {
    long id = job.id();
    if (job.dryRun() && job.status() == JobStatus.FINISHED) {
      return "dry run job "
          + id
          + " found "
          + job.errors()
          + " row(s) that cannot be re-encrypted; a dry run records no error rows, the real run"
          + " lists each one in reencrypt_job_errors. Restore the missing key version or fix the"
          + " values before the real run.";
    }
    return switch (job.status()) {
      case FINISHED ->
          "job "
              + id
              + " finished, but "
              + job.errors()
              + " row(s) could not be re-encrypted (see the list above): restore the missing key"
              + " version or fix the values, then run the same command again.";
      case FAILED ->
          "job "
              + id
              + " failed: "
              + ErrorHandler.oneLine(job.lastErrorMessage().orElse("no reason recorded"))
              + (job.lastErrorMessage().map(m -> m.endsWith(".")).orElse(false) ? "" : ".")
              + " Fix the cause, then resume it with 'fieldcrypt reencrypt --job-id "
              + id
              + "'.";
      case PAUSED ->
          "job "
              + id
              + " was paused after "
              + job.processed()
              + " of "
              + job.total()
              + " rows; resume it with 'fieldcrypt reencrypt --job-id "
              + id
              + "' (or --resume with the same target).";
      case CANCELLED ->
          "job "
              + id
              + " was cancelled; the rows it re-encrypted stay valid. Start a new job to finish"
              + " the rest.";
      default ->
          "job "
              + id
              + " is still "
              + job.status().dbValue()
              + " (workers in other processes hold part of it); follow it with 'fieldcrypt"
              + " list-jobs'.";
    };
  }
}
