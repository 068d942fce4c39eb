package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt remove-versions}: deletes named versions from the keyring file. */
@Command(
    name = "remove-versions",
    description = {
      "Remove key versions from the keyring file; never the active one.",
      "Values still encrypted with a removed version become unreadable: prefer 'fieldcrypt"
          + " cleanup-keys', which checks the database first. The file is backed up first."
    })
public final class RemoveVersionsCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Option(
      names = "--versions",
      paramLabel = "LABEL",
      required = true,
      split = ",",
      converter = VersionLabelConverter.class,
      description = "Versions to remove, comma-separated (e.g. v1,v3).")
  public List<String> versions;

  @Option(names = "--dry-run", description = "Show what would change; change nothing.")
  public boolean dryRun;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    Path file = keyring.requireFile();
    Keyring current = keyring.loadFileOnly();
    Set<String> remove = new LinkedHashSet<>(versions);
    Keyring after = current.without(remove);
    String removed = String.join(", ", remove);
    ui().line("Keyring file: " + file);
    ui().line("Remove: " + removed);
    ui().line(
            "Keep: "
                + String.join(", ", after.labels())
                + " (active "
                + after.activeVersion()
                + ")");
    if (dryRun) {
      ui().blank();
      ui().info(
              "[DRY-RUN] Would back up "
                  + file
                  + " and remove "
                  + removed
                  + ". Nothing was changed.");
      return ExitCodes.OK;
    }
    ui().warn(
            "values still encrypted with "
                + removed
                + " become unreadable; make sure no row uses them (re-encrypt first).");
    confirm(confirmation, "Remove version(s) " + removed + " from " + file + "?");
    KeyringFile.Updated u = KeyringFile.update(file, k -> k.without(remove));
    Path backup = u.backup();
    after = u.after();
    audit("backup", "file", file.toAbsolutePath(), "backup", backup);
    audit(
        "remove-versions",
        "file",
        file.toAbsolutePath(),
        "removed",
        String.join(",", remove),
        "kept",
        String.join(",", after.labels()),
        "backup",
        backup);
    ui().ok("Previous file backed up to " + backup);
    ui().ok("Removed " + removed + " from " + file);
    warnAboutKeyringOverrides("remove the removed versions there too.");
    return ExitCodes.OK;
  }
}
