package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.Database;
import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.KeyRetirement;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.jobs.TargetStats;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fieldcrypt stats}: which key versions a table's encrypted values use, and the jobs. */
@Command(
    name = "stats",
    description = {
      "Count the values of encrypted columns per key version, plaintext (not encrypted) values,"
          + " damaged values (a version label before a broken body) and nulls, by the rule of"
          + " docs/format.md: nothing is decrypted. Then the number"
          + " of jobs in each state and the newest job of this target.",
      "With a keyring (--env-file, or .env.crypto here) the active version and versions the"
          + " keyring lacks are marked."
    })
public final class StatsCommand extends BaseCommand {
  @Mixin DatabaseOptions database;
  @Mixin TargetOptions targetOptions;
  @Mixin KeyringOptions keyring;

  @Override
  protected int execute() {
    ReencryptTarget target = targetOptions.target();
    KeyringStore store = keyringIfAny();
    Keyring k = store == null ? null : store.load();
    try (Database db = database.open(context().environment(), 2, true, ui())) {
      ReencryptJobs admin =
          k == null
              ? ReencryptJobs.create(db.dataSource())
              : ReencryptJobs.create(db.dataSource(), FieldCipher.create(k));
      List<TargetStats> stats = admin.stats(target);
      ui().line("Database: " + db.url());
      ui().line("Target: " + TargetOptions.describe(target));
      ui().line(
              "Keyring: "
                  + (k == null
                      ? "not read (no "
                          + keyring.file()
                          + "; pass --env-file or --keyring to mark versions)"
                      : store.name()
                          + " (active version "
                          + k.activeVersion()
                          + "; versions "
                          + String.join(", ", k.labels())
                          + ")"));
      ui().blank();
      printValues(stats, k);
      ui().blank();
      printVersionSummary(stats, k);
      ui().blank();
      printJobs(admin, target);
      return ExitCodes.OK;
    }
  }

  /** The keyring when one is there to read; an explicit --env-file or --keyring must load. */
  private KeyringStore keyringIfAny() {
    boolean explicit = keyring.file != null || keyring.uri != null;
    if (explicit
        || Files.exists(keyring.file())
        || !KeyringOptions.overrides(context().environment()).isEmpty()) {
      return keyring.store(context().environment());
    }
    return null;
  }

  private void printValues(List<TargetStats> stats, Keyring k) {
    // The keyring's versions first, in its order (unused ones show 0), then any others found.
    Set<String> versions = new LinkedHashSet<>(k == null ? List.of() : k.labels());
    stats.forEach(s -> versions.addAll(new TreeSet<>(s.rowsPerVersion().keySet())));
    List<String> header = new ArrayList<>(List.of("VALUES"));
    stats.forEach(s -> header.add(s.column()));
    List<List<String>> rows = new ArrayList<>();
    for (String v : versions) {
      List<String> row = new ArrayList<>(List.of(v + mark(v, k)));
      stats.forEach(s -> row.add(String.valueOf(s.rowsPerVersion().getOrDefault(v, 0L))));
      rows.add(row);
    }
    rows.add(countRow("plaintext", stats, TargetStats::plaintextRows));
    rows.add(countRow("damaged", stats, TargetStats::damagedRows));
    rows.add(countRow("null", stats, TargetStats::nullRows));
    rows.add(countRow("rows", stats, TargetStats::rows));
    boolean[] numeric = new boolean[header.size()];
    Arrays.fill(numeric, 1, numeric.length, true);
    JobText.table(header, rows, numeric).forEach(ui()::line);
  }

  private static List<String> countRow(
      String label, List<TargetStats> stats, ToLongFunction<TargetStats> f) {
    List<String> row = new ArrayList<>(List.of(label));
    stats.forEach(s -> row.add(String.valueOf(f.applyAsLong(s))));
    return row;
  }

  private static String mark(String version, Keyring k) {
    if (k == null) {
      return "";
    }
    if (version.equals(k.activeVersion())) {
      return " [ACTIVE]";
    }
    return k.contains(version) ? "" : " [NOT IN KEYRING]";
  }

  private void printVersionSummary(List<TargetStats> stats, Keyring k) {
    Map<String, Long> rows = KeyRetirement.rowsPerVersion(stats);
    long plaintext = stats.stream().mapToLong(TargetStats::plaintextRows).sum();
    if (k == null) {
      ui().info("Versions in use: " + (rows.isEmpty() ? "none" : String.join(", ", rows.keySet())));
    } else {
      long behind =
          rows.entrySet().stream()
              .filter(e -> !e.getKey().equals(k.activeVersion()))
              .mapToLong(Map.Entry::getValue)
              .sum();
      if (behind == 0) {
        ui().ok("Every encrypted value is on the active version " + k.activeVersion() + ".");
      } else {
        ui().info(
                behind
                    + " value(s) are not on the active version "
                    + k.activeVersion()
                    + "; 'fieldcrypt reencrypt' with this target brings them there.");
      }
      rows.forEach(
          (v, n) -> {
            if (!k.contains(v)) {
              ui().warn(
                      n
                          + " value(s) use version "
                          + v
                          + ", which the keyring does not hold: they cannot be decrypted with"
                          + " it.");
            }
          });
    }
    long damaged = stats.stream().mapToLong(TargetStats::damagedRows).sum();
    if (damaged > 0) {
      ui().warn(
              damaged
                  + " value(s) are damaged (a version label before a body that is not a"
                  + " ciphertext): no key opens them and --encrypt-plaintext leaves them alone;"
                  + " 'fieldcrypt reencrypt' lists their row ids, restore them from a backup.");
    }
    if (plaintext > 0) {
      ui().info(
              plaintext
                  + " value(s) are not encrypted; 'fieldcrypt reencrypt --encrypt-plaintext'"
                  + " encrypts them.");
    }
  }

  private void printJobs(ReencryptJobs admin, ReencryptTarget target) {
    Map<JobStatus, Long> counts = admin.countByStatus();
    ui().line(
            "Jobs (all targets): "
                + counts.entrySet().stream()
                    .map(e -> e.getKey().dbValue() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
    JobInfo latest = admin.latest(target).orElse(null);
    if (latest == null) {
      ui().line("Latest job of this target: none");
      return;
    }
    ZoneId zone = context().clock().getZone();
    ui().line(
            "Latest job of this target: "
                + JobText.describe(latest)
                + "; started "
                + JobText.time(latest.startedAt(), zone)
                + ", ended "
                + JobText.time(latest.finishedAt(), zone));
  }
}
