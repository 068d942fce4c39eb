package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.KeyVersion;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --key-bytes} and {@code --salt-bytes} of a newly generated key version. */
public final class KeyMaterialOptions {
  @Spec(Spec.Target.MIXEE)
  public CommandSpec spec;

  @Option(
      names = "--key-bytes",
      paramLabel = "N",
      defaultValue = "32",
      description = "Key size in bytes; AES-256 needs exactly 32 (default: ${DEFAULT-VALUE}).")
  public int keyBytes;

  @Option(
      names = "--salt-bytes",
      paramLabel = "N",
      defaultValue = "16",
      description = "Salt size in bytes, 16 to 64 (default: ${DEFAULT-VALUE}).")
  public int saltBytes;

  /** The salt size, after checking both sizes; a wrong one is a usage error. */
  public int checkedSaltBytes() {
    if (keyBytes != KeyVersion.KEY_BYTES) {
      throw new ParameterException(
          spec.commandLine(),
          "--key-bytes "
              + keyBytes
              + " is not supported: AES-256-GCM needs exactly "
              + KeyVersion.KEY_BYTES
              + "-byte keys; omit --key-bytes or pass "
              + KeyVersion.KEY_BYTES);
    }
    if (saltBytes < KeyVersion.MIN_SALT_BYTES || saltBytes > KeyVersion.MAX_SALT_BYTES) {
      throw new ParameterException(
          spec.commandLine(),
          "--salt-bytes "
              + saltBytes
              + " is out of range: use "
              + KeyVersion.MIN_SALT_BYTES
              + " to "
              + KeyVersion.MAX_SALT_BYTES
              + " (default "
              + KeyVersion.MIN_SALT_BYTES
              + ")");
    }
    return saltBytes;
  }
}
