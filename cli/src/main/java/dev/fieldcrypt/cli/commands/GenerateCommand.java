package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyMaterialOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
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
    Path file = keyring.file();
    Path backup = null;
    if (Files.isRegularFile(file)) {
      if (!force) {
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "keyring file "
                + file
                + " already exists and may hold the only copy of keys your data needs; add a"
                + " version with 'fieldcrypt rotate', or pass --force to replace it (it is backed"
                + " up first).");
      }
      ui().warn(
              "--force: "
                  + file
                  + " will be replaced. Values encrypted with its keys stay readable only with the"
                  + " backup.");
      confirm(confirmation, "Replace " + file + " with a new keyring?");
    }
    Keyring fresh = Keyring.of(version, List.of(KeyVersion.generate(version, saltBytes)));
    if (force && Files.isRegularFile(file)) {
      backup = KeyringFile.replace(file, fresh); // backs up, then writes, under the file's lock
      audit("backup", "file", file.toAbsolutePath(), "backup", backup);
      ui().ok("Previous file backed up to " + backup);
    } else {
      KeyringFile.createNew(file, fresh); // refuses a file that appeared meanwhile
    }
    audit(
        "generate",
        "file",
        file.toAbsolutePath(),
        "version",
        version,
        "salt_bytes",
        saltBytes,
        "replaced",
        backup != null);
    ui().ok("Keyring written to " + file);
    ui().ok("Version: " + version + " (active)");
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
            "Back it up: fieldcrypt backup-config --env-file "
                + file
                + ", then keep a copy off this machine (losing the keys loses the data)",
            "In production, provide the keys from a secret manager or mounted secret files"
                + " (ENCRYPTION_KEYS__"
                + version
                + "_FILE=/run/secrets/...) instead of a file on disk");
    return ExitCodes.OK;
  }
}
