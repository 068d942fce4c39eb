package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The keyring a command works on: its source, the name the user gave it ({@code .env.crypto},
 * {@code vault:secret/app}), and its file when it is a local one (a plain or encrypted keyring
 * file), whose backups are copies of the file, and the option that names it again in a next step
 * ({@code --env-file .env.crypto}, {@code --keyring vault:secret/app}).
 */
public record KeyringStore(KeySource source, String name, Path file, String option) {

  /** Whether the keyring is a local file (plain or encrypted). */
  public boolean local() {
    return file != null;
  }

  /** Whether the keyring is the plain dotenv file. */
  public boolean plainFile() {
    return local() && source instanceof dev.fieldcrypt.core.dotenv.DotenvKeySource;
  }

  /** The keyring with the environment's overrides, as applications see it. */
  public Keyring load() {
    return source.load();
  }

  /**
   * The keyring the store itself holds, without environment overrides: what a rewrite starts from.
   * Read through {@link KeySource#update} with no change, so it is the store's own view.
   */
  public Keyring stored() {
    return source.update(k -> k).before();
  }

  /** {@link KeySource#update}. */
  public KeyringChange update(UnaryOperator<Keyring> change) {
    return source.update(change);
  }

  /** What the previous keyring is called after a write: its backup file or store version. */
  public String previousLine(KeyringChange change) {
    if (change.previous() == null) {
      return null;
    }
    return (local() ? "Previous file backed up to " : "Previous keyring kept as ")
        + change.previous();
  }
}
