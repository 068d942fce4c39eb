package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt restore-config}: puts a backup back in place of the keyring file. */
@Command(
    name = "restore-config",
    description = {
      "Replace the keyring file with a backup.",
      "The backup is validated by loading it before anything is replaced, and the current file is"
          + " backed up first."
    })
public final class RestoreConfigCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Option(
      names = "--backup-file",
      paramLabel = "FILE",
      required = true,
      description = "The backup to restore, e.g. .env.crypto.backup_20250114_123456.")
  public Path backupFile;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    Path file = keyring.file();
    KeyringBackups backups = KeyringBackups.of(file);
    KeyringBackups.RestorePreview preview = backups.preview(backupFile);
    ui().line("Backup: " + backupFile + " (valid: " + describe(preview.keyring()) + ")");
    ui().line(
            "Target: "
                + file
                + (preview.replacesExisting()
                    ? " (its current content is backed up first)"
                    : " (does not exist yet)"));
    if (!preview.droppedVersions().isEmpty()) {
      ui().warn(
              "the backup lacks version(s) "
                  + String.join(", ", preview.droppedVersions())
                  + " of the current file; values encrypted with them become unreadable until those"
                  + " versions are restored.");
    }
    if (preview.replacesExisting()) {
      confirm(confirmation, "Replace " + file + " with " + backupFile + "?");
    }
    KeyringBackups.Restored restored = backups.restore(backupFile);
    if (restored.hadPrevious()) {
      audit("backup", "file", file.toAbsolutePath(), "backup", restored.previousBackup());
      ui().ok("Current file backed up to " + restored.previousBackup());
    }
    audit(
        "restore-config",
        "file",
        file.toAbsolutePath(),
        "from",
        backupFile.toAbsolutePath(),
        "versions",
        String.join(",", restored.keyring().labels()),
        "active",
        restored.keyring().activeVersion(),
        "previous_backup",
        restored.previousBackup());
    ui().ok("Restored " + file + " from " + backupFile + " (" + describe(restored.keyring()) + ")");
    ui().nextSteps(
            "Check it: fieldcrypt validate-config --env-file " + file,
            "Restart or reload the applications so that they read the restored keyring");
    return ExitCodes.OK;
  }

  private static String describe(Keyring k) {
    return "versions " + String.join(", ", k.labels()) + "; active " + k.activeVersion();
  }
}
