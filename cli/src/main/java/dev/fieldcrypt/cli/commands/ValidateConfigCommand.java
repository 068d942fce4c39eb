package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringOptions;
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
    KeyringValidator.Report report =
        KeyringValidator.validate(keyring.file(), context().environment());
    if (report.ok()) {
      ui().ok(
              keyring.file()
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
                + keyring.file()
                + "; fix them, or restore a backup with 'fieldcrypt restore-config'.");
    return ExitCodes.FAILURE;
  }
}
