package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --env-file}: where the keyring file is, and how commands read it. */
public final class KeyringOptions {
  private static final Pattern KEYRING_VARIABLE =
      Pattern.compile(
          "(ACTIVE_ENCRYPTION_VERSION|ENCRYPTION_(KEYS|SALT|SALT_HASH)__[A-Za-z0-9._-]+)(_FILE)?");

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      defaultValue = DotenvKeySource.DEFAULT_FILE,
      description =
          "The keyring file (default: ${DEFAULT-VALUE}). Environment variables of the same names"
              + " (and NAME_FILE secrets) override it where the keyring is read.")
  public Path file;

  public Path file() {
    return file;
  }

  /** The keyring as applications see it: the file plus the environment's overrides. */
  public DotenvKeySource source(Map<String, String> environment) {
    return DotenvKeySource.builder().file(file).environment(environment).build();
  }

  /**
   * The keyring in the file alone, for commands that rewrite the file: an environment override must
   * neither hide what is in the file nor be copied into it.
   */
  public Keyring loadFileOnly() {
    requireFile();
    return DotenvKeySource.builder().file(file).environment(Map.of()).build().load();
  }

  /** The file, which must exist (a directory is left to the library, which says so). */
  public Path requireFile() {
    if (!Files.exists(file)) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "keyring file "
              + file
              + " does not exist; create one with 'fieldcrypt generate --env-file "
              + file
              + "', or pass the right --env-file.");
    }
    return file;
  }

  /** The names (never the values) of environment variables that override the keyring file. */
  public static List<String> overrides(Map<String, String> environment) {
    return environment.keySet().stream()
        .filter(n -> KEYRING_VARIABLE.matcher(n).matches())
        .sorted()
        .toList();
  }
}
