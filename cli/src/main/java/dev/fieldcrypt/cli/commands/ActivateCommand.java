package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fieldcrypt activate}: makes a version the keyring already holds the active one. The second
 * half of a staged rotation ({@code rotate --no-activate}, deploy, {@code activate}), and the way
 * back to an older version.
 */
@Command(
    name = "activate",
    description = {
      "Make a version the keyring already holds the active one: new writes use it.",
      "The second step of a staged rotation (rotate --no-activate, deploy the keyring everywhere,"
          + " activate). A file is backed up first and rewritten atomically with mode 600; Vault keeps the previous"
          + " version."
    })
public final class ActivateCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Option(
      names = "--version",
      paramLabel = "LABEL",
      required = true,
      converter = VersionLabelConverter.class,
      description = "The version to activate.")
  public String version;

  @Option(names = "--dry-run", description = "Show what would change; change nothing.")
  public boolean dryRun;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    KeyringStore store = keyring.writableStore(context().environment());
    Keyring current = store.stored();
    if (!current.contains(version)) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "version '"
              + version
              + "' is not in "
              + store.name()
              + " (it has "
              + String.join(", ", current.labels())
              + "); add it with 'fieldcrypt rotate --no-activate --new-version "
              + version
              + "'");
    }
    ui().line("Keyring: " + store.name());
    ui().line("Active version now: " + current.activeVersion());
    if (current.activeVersion().equals(version)) {
      ui().ok("'" + version + "' is already the active version; nothing to do");
      return ExitCodes.OK;
    }
    ui().line("Activate: " + version);
    if (dryRun) {
      ui().blank();
      ui().info(
              "[DRY-RUN] Would back up "
                  + store.name()
                  + " and make '"
                  + version
                  + "' active. Nothing was changed.");
      return ExitCodes.OK;
    }
    confirm(confirmation, "Make '" + version + "' the active version in " + store.name() + "?");
    KeyringChange u =
        store.update(k -> k.activeVersion().equals(version) ? k : k.withActive(version));
    if (!u.changed()) {
      ui().ok("'" + version + "' was made active meanwhile; nothing to do");
      return ExitCodes.OK;
    }
    audit("backup", "keyring", store.name(), "backup", u.previous());
    audit(
        "activate",
        "keyring",
        store.name(),
        "active",
        version,
        "previous_active",
        u.before().activeVersion(),
        "backup",
        u.previous());
    ui().blank();
    okPrevious(store, u);
    ui().ok("'" + version + "' is now the active version in " + store.name());
    warnAboutKeyringOverrides(
        "set ACTIVE_ENCRYPTION_VERSION there to '" + version + "' or unset it.");
    ui().nextSteps(RotateCommand.nextSteps(version));
    return ExitCodes.OK;
  }
}
