package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.cli.options.KeyMaterialOptions;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.VersionLabelConverter;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fieldcrypt rotate}: adds a new key version and makes it active. */
@Command(
    name = "rotate",
    description = {
      "Add a new key version and make it the active one; older versions keep decrypting.",
      "A keyring file is backed up first and rewritten atomically with mode 600; Vault and the"
          + " cloud stores keep the previous version, and a concurrent rotation there fails"
          + " cleanly.",
      "With several application instances, rotate with --no-activate, deploy the keyring"
          + " everywhere, then 'fieldcrypt activate': no instance then meets a version it lacks."
    })
public final class RotateCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Option(
      names = "--new-version",
      paramLabel = "LABEL",
      converter = VersionLabelConverter.class,
      description = "Label of the new version (default: the next vN: v1 -> v2, v9 -> v10).")
  public String newVersion;

  @Mixin KeyMaterialOptions material;

  @Option(
      names = "--persist",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Write the new version to the keyring file (default). --no-persist only rehearses the"
              + " rotation in memory: the new key is discarded, since fieldcrypt never prints"
              + " keys.")
  public boolean persist;

  @Option(
      names = "--activate",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Make the new version the active one (default). --no-activate only adds it, so that the"
              + " new keyring can reach every instance before any of them writes with it; then run"
              + " 'fieldcrypt activate --version LABEL'.")
  public boolean activate;

  @Option(names = "--dry-run", description = "Show what would change; change nothing.")
  public boolean dryRun;

  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    int saltBytes = material.checkedSaltBytes();
    KeyringStore store = keyring.writableStore(context().environment());
    Keyring current = store.stored();
    String label = newVersion != null ? newVersion : current.nextVersionLabel();
    // The checks the rotation makes (a label already taken), so that a dry run reports them too.
    current.withActiveVersion(KeyVersion.generate(label, saltBytes));
    String becomes =
        activate ? "and make it active" : "keeping '" + current.activeVersion() + "' active";
    ui().line("Keyring: " + store.name());
    ui().line("Active version now: " + current.activeVersion());
    ui().line("New version: " + label + (activate ? "" : " (not activated)"));
    ui().line("Persist: " + (persist ? "yes" : "no"));
    ui().line("Dry run: " + (dryRun ? "yes" : "no"));
    if (dryRun || !persist) {
      ui().blank();
      ui().info(
              (dryRun ? "[DRY-RUN] Would back up " : "[NO-PERSIST] Checked; would back up ")
                  + store.name()
                  + ", add version '"
                  + label
                  + "' "
                  + becomes
                  + ". Nothing was changed.");
      return ExitCodes.OK;
    }
    confirm(
        confirmation, "Create version '" + label + "' in " + store.name() + " " + becomes + "?");
    // Re-read under the store's concurrency control: a rotation that ran meanwhile is kept, and
    // ours comes next (a file's lock), or this one fails with a conflict (check-and-set stores).
    KeyringChange u =
        store.update(
            k -> {
              String l = newVersion != null ? newVersion : k.nextVersionLabel();
              Keyring a = k.withActiveVersion(KeyVersion.generate(l, saltBytes));
              return activate ? a : a.withActive(k.activeVersion());
            });
    Keyring rotated = u.after();
    String created = added(u);
    audit("backup", "keyring", store.name(), "backup", u.previous());
    audit(
        "rotate",
        "keyring",
        store.name(),
        "new_version",
        created,
        "previous_active",
        u.before().activeVersion(),
        "active",
        rotated.activeVersion(),
        "versions",
        String.join(",", rotated.labels()),
        "backup",
        u.previous());
    if (!created.equals(label)) {
      ui().warn(
              "the keyring changed since it was read (another rotation?): created '"
                  + created
                  + "' instead of '"
                  + label
                  + "'; the versions added meanwhile are kept.");
    }
    ui().blank();
    okPrevious(store, u);
    ui().ok(
            "New version '"
                + created
                + "' created"
                + (activate ? " and active" : "; '" + rotated.activeVersion() + "' stays active"));
    ui().ok(
            store.local()
                ? "File " + store.file() + " updated (mode 600)"
                : store.name() + " updated");
    warnAboutKeyringOverrides("update or unset them too.");
    ui().nextSteps(activate ? nextSteps(created) : activationSteps(created));
    return ExitCodes.OK;
  }

  /** The version an update added. */
  private static String added(KeyringChange u) {
    return u.after().labels().stream()
        .filter(l -> !u.before().contains(l))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> activationSteps(String label) {
    return List.of(
        "Let every application instance learn '"
            + label
            + "': those with a live keyring (fieldcrypt.keyring.uri) read it within their refresh"
            + " interval; deploy it to the others and restart them. They can then read '"
            + label
            + "' values, and still write with the old version",
        "Then activate it: fieldcrypt activate --version " + label + ", and deploy again",
        "Then re-encrypt existing rows: fieldcrypt reencrypt --jdbc-url <jdbc-url> --table <table>"
            + " --column <column>");
  }

  public static List<String> nextSteps(String label) {
    return List.of(
        "Applications with a live keyring (fieldcrypt.keyring.uri) write with '"
            + label
            + "' after their next refresh; restart the others (older versions still decrypt)",
        "Re-encrypt existing rows, per table: fieldcrypt reencrypt --jdbc-url <jdbc-url> --table"
            + " <table> --column <column> (the password from FIELDCRYPT_DB_PASSWORD)",
        "Follow the jobs with 'fieldcrypt list-jobs' and check with 'fieldcrypt stats'; once no"
            + " row uses an old version, retire it with 'fieldcrypt cleanup-keys'",
        "Keep the backup safe: it holds every key the data may still need");
  }
}
