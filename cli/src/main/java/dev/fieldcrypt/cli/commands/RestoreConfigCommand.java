package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt restore-config}: puts a backup back in place of the keyring file. */
@Command(
    name = "restore-config",
    description = {
      "Replace the keyring file with a backup; or, with --keyring, the keyring of any writable"
          + " store with a backup (an encrypted one under FIELDCRYPT_MASTER_KEY, or a plain one).",
      "The backup is validated by loading it before anything is replaced, and the current file is"
          + " backed up first."
    })
public final class RestoreConfigCommand extends BaseCommand {
  private static final String RELOAD_STEP =
      "Applications with a live keyring (fieldcrypt.keyring.uri) read the restored keyring within"
          + " their refresh interval; restart the others";

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
    KeyringStore store = keyring.writableStoreMaybeMissing(context().environment());
    if (!store.plainFile()) {
      return restoreThroughSource(store);
    }
    Path file = store.file();
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
    ui().nextSteps("Check it: fieldcrypt validate-config " + store.option(), RELOAD_STEP);
    return ExitCodes.OK;
  }

  /**
   * An encrypted keyring file or a remote store: the backup (an encrypted keyring file, or a plain
   * one) is read into a keyring and written through the source, which keeps the keyring it replaces
   * restorable (a backup file, the store's previous version).
   */
  private int restoreThroughSource(KeyringStore store) {
    Keyring restored = readBackup();
    ui().line("Backup: " + backupFile + " (valid: " + describe(restored) + ")");
    ui().line("Target: " + store.name());
    Keyring current = currentOrNull(store);
    if (current != null) {
      List<String> dropped = current.labels().stream().filter(l -> !restored.contains(l)).toList();
      if (!dropped.isEmpty()) {
        ui().warn(
                "the backup lacks version(s) "
                    + String.join(", ", dropped)
                    + " of the current keyring; values encrypted with them become unreadable until"
                    + " those versions are restored.");
      }
    }
    confirm(confirmation, "Replace the keyring of " + store.name() + " with " + backupFile + "?");
    KeyringChange change = store.source().replace(restored);
    audit("backup", "keyring", store.name(), "backup", change.previous());
    audit(
        "restore-config",
        "keyring",
        store.name(),
        "from",
        backupFile.toAbsolutePath(),
        "versions",
        String.join(",", restored.labels()),
        "active",
        restored.activeVersion(),
        "previous_backup",
        change.previous());
    okPrevious(store, change);
    ui().ok("Restored " + store.name() + " from " + backupFile + " (" + describe(restored) + ")");
    ui().nextSteps("Check it: fieldcrypt validate-config " + store.option(), RELOAD_STEP);
    return ExitCodes.OK;
  }

  /**
   * The backup's keyring: an encrypted keyring file under the environment's master key, or plain.
   */
  private Keyring readBackup() {
    if (!Files.isRegularFile(backupFile)) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "backup file " + backupFile + " does not exist; name one with --backup-file.");
    }
    if (EncryptedKeyringFile.isEncrypted(backupFile)) {
      return EncryptedKeyringFile.read(backupFile, context().environment());
    }
    return DotenvKeySource.builder().file(backupFile).environment(Map.of()).build().load();
  }

  /** What the store holds now, or null when it holds nothing readable (often why one restores). */
  private static Keyring currentOrNull(KeyringStore store) {
    try {
      return store.stored();
    } catch (KeyringConfigException e) {
      return null;
    }
  }

  private static String describe(Keyring k) {
    return "versions " + String.join(", ", k.labels()) + "; active " + k.activeVersion();
  }
}
