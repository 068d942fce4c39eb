package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.Argon2Params;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.nio.file.Files;
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
      "A remote keyring (--keyring vault:…) is backed up to an encrypted keyring file in"
          + " --backup-dir, under the master key of FIELDCRYPT_MASTER_KEY[_FILE] or"
          + " FIELDCRYPT_MASTER_PASSPHRASE[_FILE]: never a plaintext copy.",
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

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      description =
          "Where the encrypted backups of a remote keyring go (default: the current directory).")
  public Path backupDir;

  @Override
  protected int execute() {
    if (keepBackups < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--keep-backups must be at least 1 (was " + keepBackups + "): the new backup is kept");
    }
    KeyringStore store = keyring.store(context().environment());
    if (!store.local()) {
      return backupRemote(store);
    }
    Path file = KeyringOptions.requireExists(store);
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
            "Restore it if ever needed: fieldcrypt restore-config "
                + store.option()
                + " --backup-file "
                + backup);
    return ExitCodes.OK;
  }

  private int backupRemote(KeyringStore store) {
    if (backupDir != null && !Files.isDirectory(backupDir)) {
      throw new CommandFailedException(
          ExitCodes.FAILURE, "--backup-dir " + backupDir + " is not a directory; create it first.");
    }
    RemoteBackups backups = new RemoteBackups(store, backupDir, context().clock());
    MasterKey key = MasterKey.fromEnvironment(context().environment());
    Keyring k = store.stored();
    Path backup = backups.create(k, key);
    audit("backup", "keyring", store.name(), "backup", backup, "master", key.kind());
    ui().ok(
            "Backup of "
                + store.name()
                + " ("
                + k.labels().size()
                + " version(s), active '"
                + k.activeVersion()
                + "') written to "
                + backup
                + ", encrypted under "
                + EncryptKeyringCommand.describe(key, Argon2Params.DEFAULT)
                + " (mode 600)");
    if (cleanupOld) {
      List<Path> deleted = backups.prune(keepBackups);
      for (Path old : deleted) {
        audit("delete-backup", "keyring", store.name(), "backup", old);
        ui().ok("Deleted old backup " + old);
      }
    }
    ui().nextSteps(
            "Copy the backup off this machine; keep the master key apart from it",
            "Restore it if ever needed: fieldcrypt restore-config "
                + store.option()
                + " --backup-file "
                + backup
                + " (with the same master key in the environment)");
    return ExitCodes.OK;
  }
}
