package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ErrorHandler;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.JobStatusConverter;
import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fieldcrypt list-jobs}: the newest re-encryption jobs, with their state and progress. */
@Command(
    name = "list-jobs",
    description = {
      "List re-encryption jobs, newest first: state, target, key version, progress, errors, when"
          + " they started and when a worker last reported (heartbeat)."
    })
public final class ListJobsCommand extends BaseCommand {
  @Mixin DatabaseOptions database;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      converter = JobStatusConverter.class,
      description =
          "Only jobs in this state: pending, running, paused, finished, failed or cancelled.")
  public JobStatus status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most N jobs (default: ${DEFAULT-VALUE}).")
  public int limit;

  @Override
  protected int execute() {
    if (limit < 1) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be at least 1 (was " + limit + ")");
    }
    try (Database db = database.open(context().environment(), 2, true, ui())) {
      List<JobInfo> jobs = ReencryptJobs.create(db.dataSource()).list(status, limit);
      String which = status == null ? "" : status.dbValue() + " ";
      if (jobs.isEmpty()) {
        ui().info("No " + which + "re-encryption jobs in " + db.url() + ".");
        return ExitCodes.OK;
      }
      ZoneId zone = context().clock().getZone();
      List<List<String>> rows = new ArrayList<>();
      for (JobInfo j : jobs) {
        rows.add(
            List.of(
                String.valueOf(j.id()),
                JobText.status(j),
                TargetOptions.describe(j.target()),
                j.targetVersion(),
                j.processed() + "/" + j.total(),
                String.valueOf(j.errors()),
                JobText.time(j.startedAt(), zone),
                JobText.time(j.heartbeatAt(), zone)));
      }
      ui().line("Re-encryption jobs in " + db.url() + " (newest first, times in " + zone + "):");
      ui().blank();
      JobText.table(
              List.of(
                  "ID",
                  "STATUS",
                  "TARGET",
                  "VERSION",
                  "PROCESSED",
                  "ERRORS",
                  "STARTED",
                  "HEARTBEAT"),
              rows,
              new boolean[] {true, false, false, false, true, true, false, false})
          .forEach(ui()::line);
      for (JobInfo j : jobs) {
        j.lastErrorMessage()
            .ifPresent(m -> ui().line("  job " + j.id() + ": " + ErrorHandler.oneLine(m)));
      }
      if (jobs.size() == limit) {
        ui().blank();
        ui().info("Showing the newest " + limit + "; --limit shows more.");
      }
      return ExitCodes.OK;
    }
  }
}
