package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.jobs.KeyRetirement;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.jobs.TargetStats;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fieldcrypt cleanup-keys}: retires old key versions that no row uses any more. */
@Command(
    name = "cleanup-keys",
    description = {
      "Remove old key versions from the keyring file: those that are neither the active version"
          + " nor among the newest --keep-versions (keyring order), and that no row of the named"
          + " columns uses (counted as 'fieldcrypt stats' does).",
      "A version still in use is kept, with the number of rows that use it, and the command exits"
          + " 1. The file is backed up first and rewritten atomically with mode 600.",
      "Only the named columns are checked: re-encrypt every other encrypted table first (check"
          + " each with 'fieldcrypt stats'), or a version it still uses becomes unreadable there."
    })
public final class CleanupKeysCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;
  @Mixin DatabaseOptions database;
  @Mixin TargetOptions targetOptions;

  @Option(
      names = "--keep-versions",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Always keep the newest N versions (keyring order), used or not; the active version is"
              + " kept in any case (default: ${DEFAULT-VALUE}). After v1 -> v2, --keep-versions 1"
              + " retires v1 once no row uses it.")
  public int keepVersions;

  @Option(names = "--dry-run", description = "Show what would be removed; change nothing.")
  public boolean dryRun;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    if (keepVersions < 1) {
      throw new ParameterException(
          spec.commandLine(), "--keep-versions must be at least 1 (was " + keepVersions + ")");
    }
    ReencryptTarget target = targetOptions.target();
    KeyringStore store = keyring.writableStore(context().environment());
    Keyring current = store.stored();
    if (!dryRun) {
      requireConfirmable(confirmation);
    }
    List<TargetStats> stats;
    try (Database db = database.open(context().environment(), 2, false, ui())) {
      ui().line("Database: " + db.url());
      stats = ReencryptJobs.create(db.dataSource(), FieldCipher.create(current)).stats(target);
    }
    KeyRetirement plan = KeyRetirement.plan(current, stats, keepVersions);
    printPlan(store.name(), current, target, stats, plan);
    if (plan.removable().isEmpty()) {
      if (plan.blocked()) {
        throw refusal(target, stats, plan);
      }
      ui().ok("Nothing to remove: every old version is kept or still in use.");
      return ExitCodes.OK;
    }
    String removed = String.join(", ", plan.removable());
    if (dryRun) {
      ui().blank();
      ui().info(
              "[DRY-RUN] Would back up "
                  + store.name()
                  + " and remove "
                  + removed
                  + ". Nothing changed.");
      return finish(target, stats, plan);
    }
    ui().warn(
            "only "
                + TargetOptions.describe(target)
                + " was checked: values of other tables or columns still encrypted with "
                + removed
                + " would become unreadable.");
    confirm(confirmation, "Remove version(s) " + removed + " from " + store.name() + "?");
    // Under the store's concurrency control, from the keyring as it is then: only what is still
    // there is removed.
    KeyringChange u =
        store.update(
            k -> {
              List<String> still = plan.removable().stream().filter(k::contains).toList();
              return still.isEmpty() ? k : k.without(still);
            });
    Keyring after = u.after();
    List<String> gone = u.before().labels().stream().filter(l -> !after.contains(l)).toList();
    if (!u.changed()) {
      ui().ok("Nothing to remove: " + removed + " left the keyring meanwhile.");
      return finish(target, stats, plan);
    }
    removed = String.join(", ", gone);
    audit("backup", "keyring", store.name(), "backup", u.previous());
    audit(
        "cleanup-keys",
        "keyring",
        store.name(),
        "removed",
        String.join(",", gone),
        "kept",
        String.join(",", after.labels()),
        "checked",
        target.key(),
        "backup",
        u.previous());
    ui().blank();
    okPrevious(store, u);
    ui().ok("Removed " + removed + " from " + store.name() + "; it now holds " + describe(after));
    warnAboutKeyringOverrides("remove the retired versions there too.");
    return finish(target, stats, plan);
  }

  private void printPlan(
      String keyringName,
      Keyring current,
      ReencryptTarget target,
      List<TargetStats> stats,
      KeyRetirement plan) {
    ui().line("Keyring: " + keyringName + " (" + describe(current) + ")");
    ui().line("Checked: " + TargetOptions.describe(target));
    Map<String, Long> rows = KeyRetirement.rowsPerVersion(stats);
    ui().line(
            "Values per version: "
                + (rows.isEmpty()
                    ? "none"
                    : rows.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
    ui().line("Keep (active and newest " + keepVersions + "): " + String.join(", ", plan.kept()));
    plan.inUse()
        .forEach(
            (v, n) ->
                ui().line(
                        "Keep (still in use): " + v + ", used by " + perColumn(target, stats, v)));
    ui().line(
            "Remove (no row uses them): "
                + (plan.removable().isEmpty() ? "none" : String.join(", ", plan.removable())));
    plan.unknown()
        .forEach(
            (v, n) ->
                ui().warn(
                        n
                            + " value(s) use version "
                            + v
                            + ", which the keyring does not hold: they cannot be decrypted."));
  }

  /** Exit 0, or 1 when an old version had to be kept because rows still use it. */
  private static int finish(ReencryptTarget target, List<TargetStats> stats, KeyRetirement plan) {
    if (plan.blocked()) {
      throw refusal(target, stats, plan);
    }
    return ExitCodes.OK;
  }

  private static CommandFailedException refusal(
      ReencryptTarget target, List<TargetStats> stats, KeyRetirement plan) {
    String versions =
        plan.inUse().keySet().stream()
            .map(v -> v + " (used by " + perColumn(target, stats, v) + ")")
            .collect(Collectors.joining("; "));
    return new CommandFailedException(
        ExitCodes.FAILURE,
        "refusing to remove "
            + versions
            + ": re-encrypt those rows first ('fieldcrypt reencrypt'), then run cleanup-keys"
            + " again.");
  }

  /** {@code 800 rows of users.otp, 2 rows of users.token}. */
  private static String perColumn(ReencryptTarget target, List<TargetStats> stats, String version) {
    return stats.stream()
        .filter(s -> s.rowsPerVersion().getOrDefault(version, 0L) > 0)
        .map(
            s ->
                s.rowsPerVersion().get(version) + " row(s) of " + target.table() + "." + s.column())
        .collect(Collectors.joining(", "));
  }

  private static String describe(Keyring k) {
    return "active " + k.activeVersion() + "; versions " + String.join(", ", k.labels());
  }
}
