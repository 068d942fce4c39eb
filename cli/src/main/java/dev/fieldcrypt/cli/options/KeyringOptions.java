package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedFileKeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --keyring URI} and its file shorthand {@code --env-file FILE}: where the keyring is, and
 * how commands read and write it. {@code --env-file F} is {@code --keyring file:F}; without either,
 * the keyring is {@value DotenvKeySource#DEFAULT_FILE}.
 */
public final class KeyringOptions {
  private static final Pattern KEYRING_VARIABLE =
      Pattern.compile(
          "(ACTIVE_ENCRYPTION_VERSION|ENCRYPTION_(KEYS|SALT|SALT_HASH)__[A-Za-z0-9._-]+)(_FILE)?");

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description =
          "The keyring file (default: "
              + DotenvKeySource.DEFAULT_FILE
              + "), short for --keyring file:FILE. Environment variables of the same names (and"
              + " NAME_FILE secrets) override it where the keyring is read.")
  public Path file;

  @Option(
      names = "--keyring",
      paramLabel = "URI",
      description =
          "Where the keyring is kept: file:PATH, encrypted-file:PATH (master key from"
              + " FIELDCRYPT_MASTER_KEY[_FILE] or FIELDCRYPT_MASTER_PASSPHRASE[_FILE]),"
              + " vault:MOUNT/PATH (VAULT_ADDR, VAULT_TOKEN, …), or a cloud scheme of an added"
              + " module. Environment overrides apply on top where the keyring is read.")
  public String uri;

  /** The keyring file {@code --env-file} names, or the default; meaningful without --keyring. */
  public Path file() {
    return file != null ? file : Path.of(DotenvKeySource.DEFAULT_FILE);
  }

  /** The keyring as applications see it: the store plus the environment's overrides. */
  public KeyringStore store(Map<String, String> environment) {
    if (uri != null && file != null) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          "both --keyring and --env-file name a keyring; pass one (--env-file F is --keyring"
              + " file:F).");
    }
    if (uri == null) {
      Path f = file();
      return new KeyringStore(
          DotenvKeySource.builder().file(f).environment(environment).build(),
          f.toString(),
          f,
          "--env-file " + f);
    }
    KeySource source = KeySources.open(uri, environment);
    Path local = localFile(source);
    return new KeyringStore(source, uri, local, "--keyring " + uri);
  }

  /**
   * The store, for a command that rewrites it: it must be writable and, when it is a local file,
   * exist.
   */
  public KeyringStore writableStore(Map<String, String> environment) {
    KeyringStore store = writableStoreMaybeMissing(environment);
    if (store.file() != null) {
      requireExists(store);
    }
    return store;
  }

  /** The store, for a command that creates or replaces it ({@code generate}, {@code restore}). */
  public KeyringStore writableStoreMaybeMissing(Map<String, String> environment) {
    KeyringStore store = store(environment);
    if (!store.source().writable()) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          store.name()
              + " is read-only for fieldcrypt: change the keyring where it is kept, or name a"
              + " writable one with --keyring (file:, encrypted-file:, vault:).");
    }
    return store;
  }

  /** A local store's file, which must exist. */
  public static Path requireExists(KeyringStore store) {
    Path f = store.file();
    if (!Files.exists(f)) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "keyring file "
              + f
              + " does not exist; create one with 'fieldcrypt generate "
              + store.option()
              + "', or name the right keyring with --env-file or --keyring.");
    }
    return f;
  }

  /** The names (never the values) of environment variables that override the keyring's store. */
  public static List<String> overrides(Map<String, String> environment) {
    return environment.keySet().stream()
        .filter(n -> KEYRING_VARIABLE.matcher(n).matches())
        .sorted()
        .toList();
  }

  private static Path localFile(KeySource source) {
    if (source instanceof DotenvKeySource d) {
      return d.file();
    }
    if (source instanceof EncryptedFileKeySource e) {
      return e.file();
    }
    return null;
  }
}
