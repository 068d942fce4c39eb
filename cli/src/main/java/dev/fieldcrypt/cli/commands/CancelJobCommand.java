package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.ReencryptJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt cancel-job}: stops a job for good. */
@Command(
    name = "cancel-job",
    description = {
      "Cancel a re-encryption job for good: its workers stop after their current batch and it can"
          + " never be resumed. Rows it already re-encrypted stay valid; a new job does the rest.",
      "Asks first unless --yes."
    })
public final class CancelJobCommand extends BaseCommand {
  @Mixin DatabaseOptions database;

  @Option(names = "--job-id", paramLabel = "ID", required = true, description = "The job.")
  public long jobId;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    requireConfirmable(confirmation);
    try (Database db = database.open(context().environment(), 2, true, ui())) {
      ReencryptJobs admin = ReencryptJobs.create(db.dataSource());
      JobInfo job = admin.job(jobId);
      ui().line("Job: " + JobText.describe(job));
      if (job.status().isFinal()) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "job " + jobId + " is already " + job.status().dbValue() + "; nothing to cancel.");
      }
      confirm(confirmation, "Cancel job " + jobId + " for good? It cannot be resumed.");
      if (!admin.cancel(jobId)) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "job "
                + jobId
                + " became "
                + admin.job(jobId).status().dbValue()
                + " meanwhile; nothing was cancelled.");
      }
      audit("cancel-job", "job_id", jobId, "was", job.status().dbValue(), "database", db.url());
      ui().ok("Job " + jobId + " cancelled; rows it already re-encrypted stay valid.");
      return ExitCodes.OK;
    }
  }
}
