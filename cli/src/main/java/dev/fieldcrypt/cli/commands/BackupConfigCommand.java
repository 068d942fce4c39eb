package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code fieldcrypt backup-config}: a timestamped, private copy of the keyring file. */
@Command(
    name = "backup-config",
    description = {
      "Back up the keyring file to <file>.backup_YYYYMMDD_HHMMSS (UTC) beside it, mode 600.",
      "With --cleanup-old, then delete all but the newest --keep-backups backups."
    })
public final class BackupConfigCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Option(names = "--cleanup-old", description = "Delete old backups after making this one.")
  public boolean cleanupOld;

  @Option(
      names = "--keep-backups",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "How many of the newest backups --cleanup-old keeps (default: ${DEFAULT-VALUE}).")
  public int keepBackups;

  @Override
  protected int execute() {
    if (keepBackups < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--keep-backups must be at least 1 (was " + keepBackups + "): the new backup is kept");
    }
    Path file = keyring.requireFile();
    KeyringBackups backups = KeyringBackups.of(file);
    Path backup = backups.create();
    audit("backup", "file", file.toAbsolutePath(), "backup", backup);
    ui().ok("Backup created: " + backup + " (mode 600)");
    if (cleanupOld) {
      List<Path> deleted = backups.prune(keepBackups);
      for (Path old : deleted) {
        audit("delete-backup", "file", file.toAbsolutePath(), "backup", old);
        ui().ok("Deleted old backup " + old);
      }
      ui().ok(
              "Kept the newest "
                  + Math.min(keepBackups, backups.list().size())
                  + " backup(s), deleted "
                  + deleted.size());
    } else {
      int count = backups.list().size();
      if (count > keepBackups) {
        ui().info(
                count
                    + " backups of "
                    + file
                    + " exist; '--cleanup-old --keep-backups "
                    + keepBackups
                    + "' deletes the older ones.");
      }
    }
    ui().nextSteps(
            "Copy the backup off this machine, encrypted (e.g. gpg --symmetric): it holds the keys",
            "Restore it if ever needed: fieldcrypt restore-config --env-file "
                + file
                + " --backup-file "
                + backup);
    return ExitCodes.OK;
  }
}
