package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.KeyringValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fieldcrypt validate-config}: reports every problem of the keyring file. */
@Command(
    name = "validate-config",
    description = {
      "Check the keyring file: permissions, syntax, key lengths, salt lengths and hashes, the"
          + " active version, then the environment's overrides.",
      "Prints one line per problem and exits 1 when there is any."
    })
public final class ValidateConfigCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Override
  protected int execute() {
    KeyringStore store = keyring.store(context().environment());
    if (!store.plainFile()) {
      return validateThroughSource(store);
    }
    KeyringValidator.Report report =
        KeyringValidator.validate(store.file(), context().environment());
    if (report.ok()) {
      ui().ok(
              store.file()
                  + " is valid: "
                  + report.versions().size()
                  + " version(s) ("
                  + String.join(", ", report.versions())
                  + "), active "
                  + report.activeVersion());
      return ExitCodes.OK;
    }
    report.problems().forEach(ui()::problem);
    err()
        .println(
            "error: "
                + report.problems().size()
                + " problem(s) in "
                + store.file()
                + "; fix them, or restore a backup with 'fieldcrypt restore-config'.");
    return ExitCodes.FAILURE;
  }

  /**
   * An encrypted file or a remote store: loading it checks everything its source checks (the
   * header, the master key, each version's lengths and salt hash, the active version, the
   * environment's overrides); the first problem is reported.
   */
  private int validateThroughSource(KeyringStore store) {
    Keyring k;
    try {
      k = store.load();
    } catch (KeyringConfigException e) {
      ui().problem(e.getMessage());
      err()
          .println(
              "error: 1 problem in "
                  + store.name()
                  + "; fix it, or restore a backup with 'fieldcrypt restore-config "
                  + store.option()
                  + "'.");
      return ExitCodes.FAILURE;
    }
    ui().ok(
            store.name()
                + " is valid: "
                + k.labels().size()
                + " version(s) ("
                + String.join(", ", k.labels())
                + "), active "
                + k.activeVersion()
                + "; loaded from "
                + store.source().describe());
    return ExitCodes.OK;
  }
}
