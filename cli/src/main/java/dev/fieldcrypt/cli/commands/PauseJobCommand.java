package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.ReencryptJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt pause-job}: asks a job's workers to stop after their current batch. */
@Command(
    name = "pause-job",
    description = {
      "Pause a pending or running re-encryption job: its workers, in every process, stop after"
          + " their current batch. Resume it later with 'fieldcrypt reencrypt --job-id ID'."
    })
public final class PauseJobCommand extends BaseCommand {
  @Mixin DatabaseOptions database;

  @Option(names = "--job-id", paramLabel = "ID", required = true, description = "The job.")
  public long jobId;

  @Override
  protected int execute() {
    try (Database db = database.open(context().environment(), 2, true, ui())) {
      ReencryptJobs admin = ReencryptJobs.create(db.dataSource());
      JobInfo job = admin.job(jobId);
      if (!admin.pause(jobId)) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "job "
                + jobId
                + " is "
                + admin.job(jobId).status().dbValue()
                + "; only pending or running jobs can be paused.");
      }
      audit("pause-job", "job_id", jobId, "was", job.status().dbValue(), "database", db.url());
      ui().ok(
              "Job "
                  + jobId
                  + " paused ("
                  + job.processed()
                  + "/"
                  + job.total()
                  + " rows so far); its workers stop after their current batch.");
      ui().nextSteps(
              "Resume it: fieldcrypt reencrypt --job-id "
                  + jobId
                  + " --jdbc-url '"
                  + db.url()
                  + "' (with the keyring it was started with)");
      return ExitCodes.OK;
    }
  }
}
