package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
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
    KeyringStore store = keyring.writableStore(context().environment());
    Keyring current = store.stored();
    Set<String> remove = new LinkedHashSet<>(versions);
    Keyring after = current.without(remove);
    String removed = String.join(", ", remove);
    ui().line("Keyring: " + store.name());
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
                  + store.name()
                  + " and remove "
                  + removed
                  + ". Nothing was changed.");
      return ExitCodes.OK;
    }
    ui().warn(
            "values still encrypted with "
                + removed
                + " become unreadable; make sure no row uses them (re-encrypt first).");
    confirm(confirmation, "Remove version(s) " + removed + " from " + store.name() + "?");
    KeyringChange u = store.update(k -> k.without(remove));
    after = u.after();
    audit("backup", "keyring", store.name(), "backup", u.previous());
    audit(
        "remove-versions",
        "keyring",
        store.name(),
        "removed",
        String.join(",", remove),
        "kept",
        String.join(",", after.labels()),
        "backup",
        u.previous());
    okPrevious(store, u);
    ui().ok("Removed " + removed + " from " + store.name());
    warnAboutKeyringOverrides("remove the removed versions there too.");
    return ExitCodes.OK;
  }
}
