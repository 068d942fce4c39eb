package dev.fieldcrypt.core;

import java.util.function.UnaryOperator;

/**
 * Where a {@link Keyring} comes from. The default is {@code
 * dev.fieldcrypt.core.dotenv.DotenvKeySource} (a {@code .env.crypto} file overridden by environment
 * variables) and {@code dev.fieldcrypt.core.dotenv.EncryptedFileKeySource} (the same keyring
 * encrypted under a master key) are in this module; further sources (HashiCorp Vault, cloud secret
 * managers) implement this interface in their own modules. All are opened by URI with {@link
 * KeySources#open(String)} through a {@link KeySourceProvider}.
 *
 * <p>A source loads a snapshot: every {@link #load()} reads the store again, so a live keyring
 * holder refreshes by calling it. Where the store allows, a source is also {@link #writable()}:
 * {@link #update}, {@link #create} and {@link #replace} change what the store holds under the
 * store's own concurrency control (a lock file for files, check-and-set for Vault and the cloud
 * stores), so two operators rotating at once cannot lose a key: the second one's change is applied
 * to what the first wrote, or fails with {@link KeyringConflictException}. Writes store the keyring
 * without environment overrides.
 *
 * <p>Implementations validate everything they load and throw {@link KeyringConfigException} with a
 * message that names the setting and the remedy, never the material. They are thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("file:/etc/app/.env.crypto");
 * FieldCipher cipher = FieldCipher.create(source.load());
 * source.update(k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));
 * }</pre>
 */
public interface KeySource {

  /**
   * Reads and validates the keyring, with the environment's overrides applied on top of what the
   * store holds.
   *
   * @throws KeyringConfigException when the configuration is missing or invalid, or the store
   *     cannot be read
   */
  Keyring load();

  /** A short description for operators, such as {@code "file .env.crypto + environment"}. */
  String describe();

  /**
   * Makes the next {@link #load()} read the store itself, past any cache the source keeps (Vault's
   * refresh cache): what a live keyring's on-demand refresh does when it meets a version it lacks.
   * Sources without a cache do nothing.
   */
  default void invalidate() {}

  /** Whether {@link #update}, {@link #create} and {@link #replace} can change this store. */
  default boolean writable() {
    return false;
  }

  /**
   * Changes the keyring the store holds (read without environment overrides): reads it, applies
   * {@code change} and writes the result if nobody wrote meanwhile, keeping the previous keyring
   * restorable (a backup file, the store's previous version). When {@code change} returns its
   * argument itself, nothing is written.
   *
   * @throws KeyringConflictException when another writer changed the store between the read and the
   *     write (the store is unchanged by this call; run the command again)
   * @throws KeyringConfigException when the store holds no valid keyring, is read-only, or the
   *     write fails (the store is then unchanged)
   */
  default KeyringChange update(UnaryOperator<Keyring> change) {
    throw KeySources.readOnly(this);
  }

  /**
   * Stores {@code keyring} where the store holds none yet.
   *
   * @throws KeyringConfigException when the store already holds a keyring, is read-only or the
   *     write fails
   * @throws KeyringConflictException when another writer created one at the same time
   */
  default KeyringChange create(Keyring keyring) {
    throw KeySources.readOnly(this);
  }

  /**
   * Replaces whatever keyring the store holds with {@code keyring} (what {@code generate --force}
   * and {@code restore-config} do), keeping the previous one restorable. Prefer {@link #update},
   * which builds the new keyring from the stored one.
   *
   * @throws KeyringConfigException when the store is read-only or the write fails
   * @throws KeyringConflictException when another writer wrote at the same time
   */
  default KeyringChange replace(Keyring keyring) {
    throw KeySources.readOnly(this);
  }
}
