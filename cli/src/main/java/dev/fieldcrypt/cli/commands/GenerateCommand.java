package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyMaterialOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt generate}: a new keyring file with one active version. */
@Command(
    name = "generate",
    description = {
      "Create a new keyring file holding one key version, the active one.",
      "Written atomically with mode 600. An existing file is kept unless --force (which backs it"
          + " up first and asks before replacing it)."
    })
public final class GenerateCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;
  @Mixin KeyMaterialOptions material;
  @Mixin ConfirmOptions confirmation;

  @Option(
      names = "--version",
      paramLabel = "LABEL",
      defaultValue = "v1",
      converter = VersionLabelConverter.class,
      description = "Label of the first key version (default: ${DEFAULT-VALUE}).")
  public String version;

  @Option(
      names = "--force",
      description = "Replace an existing keyring file; it is backed up first.")
  public boolean force;

  @Override
  protected int execute() {
    int saltBytes = material.checkedSaltBytes();
    KeyringStore store = keyring.writableStoreMaybeMissing(context().environment());
    // A remote store tells whether it holds a keyring only when written to: create() refuses one.
    boolean exists = store.local() ? Files.isRegularFile(store.file()) : force;
    if (exists) {
      if (!force) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "keyring "
                + store.name()
                + " already exists and may hold the only copy of keys your data needs; add a"
                + " version with 'fieldcrypt rotate', or pass --force to replace it (it is backed"
                + " up first).");
      }
      ui().warn(
              "--force: "
                  + store.name()
                  + (store.local() ? "" : ", if it holds a keyring,")
                  + " will be replaced. Values encrypted with its keys stay readable only with the"
                  + " backup.");
      confirm(confirmation, "Replace " + store.name() + " with a new keyring?");
    }
    Keyring fresh = Keyring.of(version, List.of(KeyVersion.generate(version, saltBytes)));
    KeyringChange change;
    if (force && exists) {
      change = store.source().replace(fresh); // keeps the old keyring restorable, then writes
      audit("backup", "keyring", store.name(), "backup", change.previous());
      okPrevious(store, change);
    } else {
      change = create(store, fresh); // refuses a keyring that exists or appeared meanwhile
    }
    audit(
        "generate",
        "keyring",
        store.name(),
        "version",
        version,
        "salt_bytes",
        saltBytes,
        "replaced",
        change.previous() != null);
    ui().ok("Keyring written to " + store.name());
    ui().ok("Version: " + version + " (active)");
    if (!store.local()) {
      ui().nextSteps(
              "Back it up: fieldcrypt backup-config --keyring "
                  + store.name()
                  + " (an encrypted local copy, under FIELDCRYPT_MASTER_KEY), and keep it off"
                  + " this machine (losing the keys loses the data)",
              "Point the applications at it: fieldcrypt.keyring.uri=" + store.name());
      return ExitCodes.OK;
    }
    Path file = store.file();
    ui().ok("Permissions: 600 (owner read/write only)");
    String name = file.getFileName().toString();
    ui().nextSteps(
            "Keep it out of version control: echo '"
                + name
                + "' >> .gitignore; echo '"
                + name
                + ".backup_*' >> .gitignore; echo '"
                + name
                + ".lock' >> .gitignore",
            "Back it up: fieldcrypt backup-config "
                + store.option()
                + ", then keep a copy off this machine (losing the keys loses the data)",
            "In production, provide the keys from a secret manager or mounted secret files"
                + " (ENCRYPTION_KEYS__"
                + version
                + "_FILE=/run/secrets/...) instead of a file on disk");
    return ExitCodes.OK;
  }

  private static KeyringChange create(KeyringStore store, Keyring fresh) {
    try {
      return store.source().create(fresh);
    } catch (KeyringConflictException e) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "keyring "
              + store.name()
              + " already exists and may hold the only copy of keys your data needs; add a"
              + " version with 'fieldcrypt rotate', or pass --force to replace it (its previous"
              + " version is kept).");
    }
  }
}
