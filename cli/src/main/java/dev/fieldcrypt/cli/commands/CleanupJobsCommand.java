package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.jobs.ReencryptJobs;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fieldcrypt cleanup-jobs}: deletes old job records so the job tables stay small. */
@Command(
    name = "cleanup-jobs",
    description = {
      "Delete old re-encryption job records (with their chunks and error rows): jobs that ended"
          + " (finished, failed, cancelled) more than --finished-older-than days ago, and unfinished"
          + " jobs (pending, running, paused) no worker has reported on for --stalled-older-than"
          + " days. Data rows are never touched.",
      "Asks first unless --yes."
    })
public final class CleanupJobsCommand extends BaseCommand {
  @Mixin DatabaseOptions database;

  @Option(
      names = "--finished-older-than",
      paramLabel = "DAYS",
      defaultValue = "7",
      description = "Delete jobs that ended more than DAYS days ago (default: ${DEFAULT-VALUE}).")
  public int finishedOlderThan;

  @Option(
      names = "--stalled-older-than",
      paramLabel = "DAYS",
      defaultValue = "7",
      description =
          "Delete unfinished jobs silent for more than DAYS days (default: ${DEFAULT-VALUE}).")
  public int stalledOlderThan;

  @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
  public boolean dryRun;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    checkDays("--finished-older-than", finishedOlderThan);
    checkDays("--stalled-older-than", stalledOlderThan);
    if (!dryRun) {
      requireConfirmable(confirmation);
    }
    Duration finished = Duration.ofDays(finishedOlderThan);
    Duration stalled = Duration.ofDays(stalledOlderThan);
    try (Database db = database.open(context().environment(), 2, true, ui())) {
      ReencryptJobs admin = ReencryptJobs.create(db.dataSource());
      List<Long> candidates = admin.cleanup(finished, stalled, true);
      ui().line(
              "Jobs ended more than "
                  + finishedOlderThan
                  + " day(s) ago, or silent for more than "
                  + stalledOlderThan
                  + " day(s), in "
                  + db.url()
                  + ": "
                  + candidates.size());
      if (candidates.isEmpty()) {
        ui().ok("Nothing to clean up.");
        return ExitCodes.OK;
      }
      candidates.forEach(id -> ui().line("  " + JobText.describe(admin.job(id))));
      if (dryRun) {
        ui().blank();
        ui().info(
                "[DRY-RUN] Would delete "
                    + candidates.size()
                    + " job(s): "
                    + ids(candidates)
                    + ". Nothing was deleted.");
        return ExitCodes.OK;
      }
      confirm(
          confirmation,
          "Delete " + candidates.size() + " job record(s) with their chunks and error rows?");
      List<Long> deleted = admin.cleanup(finished, stalled, false);
      audit(
          "cleanup-jobs",
          "deleted",
          ids(deleted),
          "finished_older_than_days",
          finishedOlderThan,
          "stalled_older_than_days",
          stalledOlderThan,
          "database",
          db.url());
      ui().ok("Deleted " + deleted.size() + " job(s): " + ids(deleted));
      return ExitCodes.OK;
    }
  }

  private void checkDays(String option, int days) {
    if (days < 0) {
      throw new ParameterException(
          spec.commandLine(), option + " must be 0 or more days (was " + days + ")");
    }
  }

  private static String ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
