package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link KeySource} over an encrypted keyring file ({@link EncryptedKeyringFile}), the URI {@code
 * encrypted-file:PATH}: the dotenv keyring under AES-256-GCM, opened with the master key or
 * passphrase that the environment names ({@link MasterKey}: {@code FIELDCRYPT_MASTER_KEY}[{@code
 * _FILE}] or {@code FIELDCRYPT_MASTER_PASSPHRASE}[{@code _FILE}]). The environment's keyring
 * variables override what the file holds, as for the plain file.
 *
 * <p>Each {@link #load()} reads the file and the secret again; the last derived file key is kept,
 * so that reloading an unchanged file under a passphrase does not run Argon2id again. Writes
 * ({@link #update}, {@link #create}, {@link #replace}) lock, back up and replace the file
 * atomically with mode 600, and store the keyring without the environment's overrides.
 *
 * <p>Immutable and thread-safe. Errors name the file, the variable and the remedy, never a secret.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("encrypted-file:/etc/app/keyring.enc");
 * FieldCipher cipher = FieldCipher.create(source.load());
 * }</pre>
 */
public final class EncryptedFileKeySource implements KeySource {
  /** The URI scheme, {@code encrypted-file}. */
  public static final String SCHEME = "encrypted-file";

  private final Path file;
  private final Map<String, String> env;
  private final Argon2Params argon2;
  private final DerivedKeyCache cache = new DerivedKeyCache();
  private final FileKeys keys;

  private EncryptedFileKeySource(Builder b) {
    this.file = b.file;
    this.env = Map.copyOf(b.env);
    this.argon2 = b.argon2;
    this.keys = FileKeys.fromEnvironment(env, file);
  }

  /** A builder reading the process environment; {@link Builder#file} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The encrypted keyring file. */
  public Path file() {
    return file;
  }

  /**
   * Reads and decrypts the file, then applies the environment's overrides.
   *
   * @throws KeyringConfigException when the file is missing, open to others, damaged, or does not
   *     decrypt under the environment's master key, or the keyring in it is invalid
   */
  @Override
  public Keyring load() {
    byte[] bytes = EncryptedKeyringFile.readIfExists(file);
    if (bytes == null) {
      throw new KeyringConfigException(
          "encrypted keyring file "
              + file
              + " not found; create it from a plain one with 'fieldcrypt encrypt-keyring"
              + " --env-file .env.crypto --encrypted-file "
              + file
              + "', or point to the right file.");
    }
    return EncryptedKeyringFile.open(file, bytes, keys, cache, env);
  }

  @Override
  public String describe() {
    return SCHEME + " " + file + " + environment";
  }

  /** The file is writable. */
  @Override
  public boolean writable() {
    return true;
  }

  /** {@link EncryptedKeyringFile#update}; {@link KeyringChange#previous()} is the backup's path. */
  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    KeyringFile.Updated u = EncryptedKeyringFile.update(file, keys, change);
    return new KeyringChange(
        u.before(), u.after(), u.changed(), u.backup() == null ? null : u.backup().toString());
  }

  /** {@link EncryptedKeyringFile#createNew}: refuses a file that exists. */
  @Override
  public KeyringChange create(Keyring keyring) {
    EncryptedKeyringFile.createNew(file, keyring, keys.forNewContent(), argon2);
    return new KeyringChange(null, keyring, true, null);
  }

  /** {@link EncryptedKeyringFile#replace}: backs the old file up first. */
  @Override
  public KeyringChange replace(Keyring keyring) {
    Path backup = EncryptedKeyringFile.replace(file, keyring, keys.forNewContent(), argon2);
    return new KeyringChange(null, keyring, true, backup.toString());
  }

  @Override
  public String toString() {
    return "EncryptedFileKeySource[" + file + "]";
  }

  /** Builds an {@link EncryptedFileKeySource}. Not thread-safe. */
  public static final class Builder {
    private Path file;
    private Map<String, String> env = System.getenv();
    private Argon2Params argon2 = Argon2Params.DEFAULT;

    private Builder() {}

    /** The encrypted keyring file (required). */
    public Builder file(Path file) {
      if (file == null) {
        throw new InvalidArgumentException("file must not be null");
      }
      this.file = file;
      return this;
    }

    /**
     * The environment holding the master key or passphrase and the keyring overrides (default: the
     * process environment).
     */
    public Builder environment(Map<String, String> env) {
      if (env == null) {
        throw new InvalidArgumentException("environment must not be null");
      }
      this.env = env;
      return this;
    }

    /**
     * The Argon2id cost of files this source creates under a passphrase (default {@link
     * Argon2Params#DEFAULT}); a rewrite keeps the file's own.
     */
    public Builder argon2(Argon2Params argon2) {
      if (argon2 == null) {
        throw new InvalidArgumentException("argon2 must not be null");
      }
      this.argon2 = argon2;
      return this;
    }

    /**
     * The source.
     *
     * @throws InvalidArgumentException when no file was given
     */
    public EncryptedFileKeySource build() {
      if (file == null) {
        throw new InvalidArgumentException("the encrypted keyring file must be set: file(path)");
      }
      return new EncryptedFileKeySource(this);
    }
  }
}
