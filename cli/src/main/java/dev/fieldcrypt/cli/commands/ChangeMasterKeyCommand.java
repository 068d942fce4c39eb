package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.core.dotenv.Argon2Params;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fieldcrypt change-master-key}: re-encrypts an encrypted keyring file under a new master
 * key or passphrase, atomically, the old file backed up.
 */
@Command(
    name = "change-master-key",
    description = {
      "Re-encrypt an encrypted keyring file under a new master key or passphrase. The current one"
          + " comes from FIELDCRYPT_MASTER_KEY[_FILE] or FIELDCRYPT_MASTER_PASSPHRASE[_FILE], the"
          + " new one from FIELDCRYPT_NEW_MASTER_KEY[_FILE] or"
          + " FIELDCRYPT_NEW_MASTER_PASSPHRASE[_FILE]; never from the command line.",
      "The old file is backed up first (still under the old secret) and replaced atomically; the"
          + " keys in it do not change, so no data needs re-encryption."
    })
public final class ChangeMasterKeyCommand extends BaseCommand {
  @Option(
      names = "--encrypted-file",
      paramLabel = "FILE",
      required = true,
      description = "The encrypted keyring file.")
  public Path encryptedFile;

  @Mixin EncryptKeyringCommand.Argon2Options argon2;
  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    requireConfirmable(confirmation);
    Argon2Params params = argon2.params(spec);
    String sealedBy = EncryptedKeyringFile.sealedBy(encryptedFile);
    MasterKey next = MasterKey.newFromEnvironment(context().environment());
    ui().line("Encrypted keyring file: " + encryptedFile);
    if (sealedBy.startsWith("a data key wrapped by")) { // envelope mode: the header names the KMS
      ui().line("Current secret: " + sealedBy);
    } else {
      ui().line("Current secret: " + MasterKey.fromEnvironment(context().environment()).origin());
    }
    ui().line("New secret: " + next.origin());
    confirm(
        confirmation,
        "Re-encrypt " + encryptedFile + " under the secret of " + next.origin() + "?");
    EncryptedKeyringFile.Converted c =
        EncryptedKeyringFile.changeMasterKey(encryptedFile, context().environment(), next, params);
    audit(
        "change-master-key",
        "file",
        encryptedFile.toAbsolutePath(),
        "from",
        sealedBy,
        "to",
        next.kind(),
        "backup",
        c.backup());
    ui().blank();
    ui().ok("Previous file backed up to " + c.backup() + " (under the old secret)");
    ui().ok(
            "File "
                + encryptedFile
                + " re-encrypted under "
                + EncryptKeyringCommand.describe(next, params)
                + " (mode 600)");
    ui().nextSteps(
            next.kind() == MasterKey.Kind.KMS
                ? "Grant every application decrypt permission on the KMS key the file now names ("
                    + next.origin()
                    + "; no secret to hand out), then reload them"
                : "Give every application the new secret as FIELDCRYPT_MASTER_"
                    + (next.kind() == MasterKey.Kind.KEY ? "KEY" : "PASSPHRASE")
                    + "[_FILE], then restart or reload them: the old one no longer opens the file",
            "The backup and older backups still open with the old secret: delete them, or keep"
                + " the old secret as safe as the new one");
    return ExitCodes.OK;
  }
}
