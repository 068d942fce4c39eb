package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.ConfirmOptions;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.dotenv.Argon2Params;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code fieldcrypt encrypt-keyring}: writes an encrypted keyring file from a plain one, under the
 * master key or passphrase of the environment ({@link MasterKey}).
 */
@Command(
    name = "encrypt-keyring",
    description = {
      "Encrypt a plain keyring file into an encrypted one (encrypted-file:PATH), under the master"
          + " key in FIELDCRYPT_MASTER_KEY or FIELDCRYPT_MASTER_KEY_FILE (base64 of 32 random"
          + " bytes), or the passphrase in FIELDCRYPT_MASTER_PASSPHRASE or"
          + " FIELDCRYPT_MASTER_PASSPHRASE_FILE (stretched with Argon2id).",
      "The plain file is left in place: delete it once the applications read the encrypted one."
    })
public final class EncryptKeyringCommand extends BaseCommand {
  /** The plain input; environment overrides are not copied into the output. */
  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      defaultValue = DotenvKeySource.DEFAULT_FILE,
      description = "The plain keyring file to encrypt (default: ${DEFAULT-VALUE}).")
  public Path envFile;

  @Option(
      names = "--encrypted-file",
      paramLabel = "FILE",
      description = "The encrypted keyring file to write (default: the plain file's name + .enc).")
  public Path encryptedFile;

  @Option(
      names = "--force",
      description = "Replace an existing encrypted file; it is backed up first.")
  public boolean force;

  @Mixin Argon2Options argon2;
  @Mixin ConfirmOptions confirmation;

  @Override
  protected int execute() {
    Path out = encryptedFile != null ? encryptedFile : Path.of(envFile + ".enc");
    MasterKey key = MasterKey.fromEnvironment(context().environment());
    Argon2Params params = argon2.params(spec);
    boolean replacing = Files.exists(out);
    if (replacing && !force) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "encrypted keyring file "
              + out
              + " already exists; pass --force to replace it (it is backed up first), or name"
              + " another --encrypted-file.");
    }
    if (replacing) {
      confirm(confirmation, "Replace " + out + " with the keyring of " + envFile + "?");
    }
    EncryptedKeyringFile.Converted c =
        EncryptedKeyringFile.encrypt(envFile, out, key, params, force);
    audit(
        "encrypt-keyring",
        "from",
        envFile.toAbsolutePath(),
        "to",
        out.toAbsolutePath(),
        "master",
        key.kind(),
        "versions",
        String.join(",", c.keyring().labels()),
        "backup",
        c.backup());
    if (c.backup() != null) {
      ui().ok("Previous encrypted file backed up to " + c.backup());
    }
    ui().ok(
            "Keyring of "
                + envFile
                + " ("
                + c.keyring().labels().size()
                + " version(s), active '"
                + c.keyring().activeVersion()
                + "') encrypted to "
                + out
                + " (mode 600)");
    ui().ok("Encrypted under " + describe(key, params));
    // Read it back as an application will, so that a bad write shows now, not at the next start.
    if (!EncryptedKeyringFile.read(out, key).versions().equals(c.keyring().versions())) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          out + " does not read back as the keyring just written; keep using " + envFile + ".");
    }
    ui().ok("Read back: it decrypts to the same keyring");
    warnAboutKeyringOverrides("they were not copied into " + out + ".");
    ui().nextSteps(
            "Point the applications at encrypted-file:"
                + out
                + " and give them the same "
                + (key.kind() == MasterKey.Kind.KEY
                    ? "master key"
                    : key.kind() == MasterKey.Kind.KMS ? "KMS permissions" : "passphrase")
                + " (a FIELDCRYPT_MASTER_…_FILE secret, never the image or the repository)",
            "Then delete the plain keyring and its plain backups: shred -u "
                + envFile
                + " "
                + envFile
                + ".backup_*");
    return ExitCodes.OK;
  }

  static String describe(MasterKey key, Argon2Params params) {
    if (key.kind() == MasterKey.Kind.KMS) {
      return key.origin() + " (envelope mode: the file's header holds the wrapped data key)";
    }
    return key.kind() == MasterKey.Kind.KEY
        ? "the master key from " + key.origin() + " (HKDF-SHA256)"
        : "the passphrase from "
            + key.origin()
            + " (Argon2id, "
            + params.memoryKiB() / 1024
            + " MiB, "
            + params.iterations()
            + " passes, "
            + params.parallelism()
            + " lane(s))";
  }

  /** {@code --argon2-memory}, {@code --argon2-iterations}, {@code --argon2-parallelism}. */
  public static final class Argon2Options {
    @Option(
        names = "--argon2-memory",
        paramLabel = "MIB",
        description =
            "Argon2id memory in MiB, for a passphrase (default: "
                + Argon2Params.DEFAULT_MEMORY_MIB
                + ", about half a second with the default passes).")
    public int memoryMiB = Argon2Params.DEFAULT_MEMORY_MIB;

    @Option(
        names = "--argon2-iterations",
        paramLabel = "N",
        description = "Argon2id passes, for a passphrase (default: ${DEFAULT-VALUE}).")
    public int iterations = Argon2Params.DEFAULT.iterations();

    @Option(
        names = "--argon2-parallelism",
        paramLabel = "N",
        description = "Argon2id lanes, for a passphrase (default: ${DEFAULT-VALUE}).")
    public int parallelism = Argon2Params.DEFAULT.parallelism();

    /** The parameters; out of range is bad usage. */
    Argon2Params params(CommandSpec spec) {
      try {
        if (memoryMiB < 1 || memoryMiB > Argon2Params.MAX_MEMORY_KIB / 1024) {
          throw new InvalidArgumentException(
              "--argon2-memory "
                  + memoryMiB
                  + " is outside 1.."
                  + Argon2Params.MAX_MEMORY_KIB / 1024
                  + " MiB");
        }
        return Argon2Params.of(memoryMiB * 1024, iterations, parallelism);
      } catch (InvalidArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }
}
