package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fieldcrypt decrypt-keyring}: writes the keyring of an encrypted keyring file as a plain
 * one, only when asked by name ({@code --yes-write-plaintext}).
 */
@Command(
    name = "decrypt-keyring",
    description = {
      "Write the keyring of an encrypted keyring file to a plain keyring file (mode 600), under"
          + " the master key or passphrase of FIELDCRYPT_MASTER_KEY[_FILE] or"
          + " FIELDCRYPT_MASTER_PASSPHRASE[_FILE].",
      "The plain file holds every key in clear: this needs --yes-write-plaintext, and the file"
          + " should be deleted as soon as it has served."
    })
public final class DecryptKeyringCommand extends BaseCommand {
  static final String YES = "--yes-write-plaintext";

  @Option(
      names = "--encrypted-file",
      paramLabel = "FILE",
      required = true,
      description = "The encrypted keyring file to read.")
  public Path encryptedFile;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      defaultValue = DotenvKeySource.DEFAULT_FILE,
      description = "The plain keyring file to write (default: ${DEFAULT-VALUE}).")
  public Path envFile;

  @Option(
      names = "--force",
      description = "Replace an existing plain keyring file; it is backed up first.")
  public boolean force;

  @Option(
      names = YES,
      description = "Confirm that the keys are to be written in plaintext (required).")
  public boolean yesWritePlaintext;

  @Override
  protected int execute() {
    if (!yesWritePlaintext) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          "decrypt-keyring writes every key of "
              + encryptedFile
              + " in plaintext to "
              + envFile
              + "; rerun with "
              + YES
              + " if that is what you want.");
    }
    if (Files.exists(envFile) && !force) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "keyring file "
              + envFile
              + " already exists; pass --force to replace it (it is backed up first), or name"
              + " another --env-file.");
    }
    MasterKey key = MasterKey.fromEnvironment(context().environment());
    ui().warn(
            "writing every key in plaintext to "
                + envFile
                + ": whoever reads it can decrypt all encrypted data. Delete it (shred -u "
                + envFile
                + ") as soon as it has served.");
    EncryptedKeyringFile.Converted c =
        EncryptedKeyringFile.decrypt(encryptedFile, envFile, key, force);
    audit(
        "decrypt-keyring",
        "from",
        encryptedFile.toAbsolutePath(),
        "to",
        envFile.toAbsolutePath(),
        "versions",
        String.join(",", c.keyring().labels()),
        "backup",
        c.backup());
    if (c.backup() != null) {
      ui().ok("Previous plain file backed up to " + c.backup());
    }
    ui().ok(
            "Keyring of "
                + encryptedFile
                + " ("
                + c.keyring().labels().size()
                + " version(s), active '"
                + c.keyring().activeVersion()
                + "') written in plaintext to "
                + envFile
                + " (mode 600)");
    return ExitCodes.OK;
  }
}
