package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes an encrypted keyring file: the dotenv text of {@link KeyringEntries#toText}
 * under AES-256-GCM with a key derived from a {@link MasterKey} (the bytes are specified in
 * docs/format.md, "Encrypted keyring file"). The file can ship with the application and its backups
 * are safe to keep anywhere; the master key is now the secret.
 *
 * <p>Writes are those of {@link KeyringFile}: under the file's lock, atomic (temporary file, fsync,
 * rename), mode 600, through symbolic links, and a rewrite backs the old file up first ({@code
 * <file>.backup_YYYYMMDD_HHMMSS}, the encrypted bytes as they were). Every write draws a new salt
 * and nonce, so no two writes share a file key; a rewrite keeps the Argon2id parameters of the file
 * it replaces. Reading refuses a file its group or others can access (mode 600 or 400). Errors name
 * the file, the variable the secret came from and the remedy; never the secret, a key or the
 * plaintext. Thread-safe.
 *
 * <pre>{@code
 * MasterKey key = MasterKey.fromEnvironment(System.getenv());
 * EncryptedKeyringFile.encrypt(Path.of(".env.crypto"), Path.of("keyring.enc"), key,
 *     Argon2Params.DEFAULT, false);
 * KeyringFile.Updated u = EncryptedKeyringFile.update(Path.of("keyring.enc"), key,
 *     k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));
 * }</pre>
 */
public final class EncryptedKeyringFile {
  private EncryptedKeyringFile() {}

  /**
   * The keyring the file holds, without environment overrides.
   *
   * @throws KeyringConfigException when the file is missing, open to others, not an encrypted
   *     keyring file, or does not decrypt under {@code key}
   */
  public static Keyring read(Path file, MasterKey key) {
    requireArgs(file, key);
    return open(file, readExisting(file), FileKeys.of(key), null, Map.of());
  }

  /**
   * The keyring the file holds, without environment overrides, opened with the key its header
   * needs: the KMS-wrapped data key of an envelope-mode file (the KMS settings from {@code
   * environment}), or else the {@code FIELDCRYPT_MASTER_*} secret of {@code environment}.
   *
   * @throws KeyringConfigException when the file is missing, open to others, not an encrypted
   *     keyring file, or does not decrypt
   */
  public static Keyring read(Path file, Map<String, String> environment) {
    if (file == null || environment == null) {
      throw new InvalidArgumentException("file and environment must not be null");
    }
    return open(
        file, readExisting(file), FileKeys.fromEnvironment(environment, file), null, Map.of());
  }

  /**
   * Whether {@code file} starts like an encrypted keyring file (its magic bytes), without reading
   * further or needing a key; false for a missing or unreadable file.
   */
  public static boolean isEncrypted(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return EncryptedKeyringFormat.looksEncrypted(
          in.readNBytes(EncryptedKeyringFormat.MAGIC.length));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code keyring} to {@code file}, which must not exist yet (checked under the lock).
   *
   * @param argon2 the Argon2id cost when {@code key} is a passphrase; ignored for a raw key
   * @throws KeyringConfigException when the file exists, the passphrase is too short, or the write
   *     fails
   */
  public static void createNew(Path file, Keyring keyring, MasterKey key, Argon2Params argon2) {
    requireArgs(file, key);
    byte[] content = seal(keyring, key, argon2);
    Path target = KeyringPaths.writableTarget(file);
    KeyringLock.holding(
        target,
        () -> {
          if (Files.exists(target)) {
            throw new KeyringConfigException(
                "encrypted keyring file "
                    + file
                    + " already exists; change it with 'fieldcrypt rotate', or replace it with"
                    + " --force (it is backed up first).");
          }
          AtomicFile.write(target, content);
          return null;
        });
  }

  /**
   * Backs the existing {@code file} up, then replaces it with {@code keyring}, under the lock.
   *
   * @return the backup of the replaced file (its encrypted bytes)
   * @throws KeyringConfigException when there is no file, or a write fails (the file is then
   *     unchanged)
   */
  public static Path replace(Path file, Keyring keyring, MasterKey key, Argon2Params argon2) {
    requireArgs(file, key);
    byte[] content = seal(keyring, key, argon2);
    Path target = KeyringPaths.writableTarget(file);
    return KeyringLock.holding(
        target,
        () -> {
          Path backup = KeyringBackups.copy(target, readExisting(file), Clock.systemUTC());
          AtomicFile.write(target, content);
          return backup;
        });
  }

  /**
   * Changes the keyring in {@code file}: under the lock, decrypts it (without environment
   * overrides), applies {@code change}, backs the old file up and writes the result with a new salt
   * and nonce and the file's own Argon2id parameters. When {@code change} returns its argument
   * itself, nothing is written. An exception from {@code change} leaves the file unchanged.
   *
   * @throws KeyringConfigException when the file is missing, invalid, open to others or does not
   *     decrypt, or a write fails
   * @throws InvalidArgumentException when {@code change} is null or returns null
   */
  public static KeyringFile.Updated update(
      Path file, MasterKey key, UnaryOperator<Keyring> change) {
    requireArgs(file, key);
    return update(file, FileKeys.of(key), change);
  }

  /** {@link #update(Path, MasterKey, UnaryOperator)} with the file's own key. */
  static KeyringFile.Updated update(Path file, FileKeys keys, UnaryOperator<Keyring> change) {
    if (change == null) {
      throw new InvalidArgumentException("change must not be null");
    }
    Path target = KeyringPaths.writableTarget(file);
    return KeyringLock.holding(
        target,
        () -> {
          byte[] old = readExisting(file);
          EncryptedKeyringFormat.Header header = EncryptedKeyringFormat.header(old, file);
          MasterKey key = keys.forHeader(header);
          Keyring before = open(file, old, key, null, Map.of());
          Keyring after = change.apply(before);
          if (after == null) {
            throw new InvalidArgumentException("the change returned no keyring");
          }
          if (after == before) {
            return new KeyringFile.Updated(before, before, null);
          }
          byte[] content = seal(after, key, header.argon2());
          Path backup = KeyringBackups.copy(target, old, Clock.systemUTC());
          AtomicFile.write(target, content);
          return new KeyringFile.Updated(before, after, backup);
        });
  }

  /**
   * Encrypts the plain keyring file {@code plainFile} (read alone, without environment overrides)
   * into {@code encryptedFile}. The plain file is left as it is: delete it (and its backups) once
   * the encrypted one works.
   *
   * @param replaceExisting whether an existing {@code encryptedFile} is replaced (backed up first)
   *     rather than refused
   * @throws KeyringConfigException when the plain file is missing or invalid, the output exists and
   *     {@code replaceExisting} is false, or a write fails
   */
  public static Converted encrypt(
      Path plainFile,
      Path encryptedFile,
      MasterKey key,
      Argon2Params argon2,
      boolean replaceExisting) {
    requireArgs(plainFile, key);
    requireArgs(encryptedFile, key);
    requireDistinct(plainFile, encryptedFile);
    Keyring keyring = readPlain(plainFile);
    Path backup = write(encryptedFile, keyring, key, argon2, replaceExisting);
    return new Converted(plainFile, encryptedFile, keyring, backup);
  }

  /**
   * Writes the keyring of {@code encryptedFile} as a plain keyring file {@code plainFile} (mode
   * 600, atomically). The plaintext file holds every key: only on request, and delete it when done.
   *
   * @throws KeyringConfigException when the encrypted file does not decrypt, the output exists and
   *     {@code replaceExisting} is false, or a write fails
   */
  public static Converted decrypt(
      Path encryptedFile, Path plainFile, MasterKey key, boolean replaceExisting) {
    requireArgs(encryptedFile, key);
    requireArgs(plainFile, key);
    requireDistinct(plainFile, encryptedFile);
    Keyring keyring = read(encryptedFile, key);
    Path backup = null;
    if (replaceExisting && Files.exists(plainFile)) {
      backup = KeyringFile.replace(plainFile, keyring);
    } else {
      KeyringFile.createNew(plainFile, keyring);
    }
    return new Converted(encryptedFile, plainFile, keyring, backup);
  }

  /**
   * Re-encrypts {@code file} under {@code newKey}, under the lock: decrypts it with {@code oldKey},
   * backs the old file up (still under the old key) and writes the same keyring under the new one.
   *
   * @param argon2 the Argon2id cost when {@code newKey} is a passphrase
   * @return the backup, encrypted under the old key
   * @throws KeyringConfigException when the file does not decrypt under {@code oldKey}, the new
   *     passphrase is too short, or a write fails (the file is then unchanged)
   */
  public static Converted changeMasterKey(
      Path file, MasterKey oldKey, MasterKey newKey, Argon2Params argon2) {
    requireArgs(file, oldKey);
    return changeMasterKey(file, FileKeys.of(oldKey), newKey, argon2);
  }

  /**
   * As {@link #changeMasterKey(Path, MasterKey, MasterKey, Argon2Params)}, opening the file with
   * the key its header needs: the KMS-wrapped data key of an envelope-mode file (unwrapped with the
   * KMS settings of {@code environment}: no current secret to give), or else the {@code
   * FIELDCRYPT_MASTER_*} secret of {@code environment}. What re-wraps an envelope-mode file under a
   * new KMS key (or moves it to or from a master key).
   *
   * @throws KeyringConfigException when the file does not open, the new passphrase is too short, or
   *     a write fails (the file is then unchanged)
   */
  public static Converted changeMasterKey(
      Path file, Map<String, String> environment, MasterKey newKey, Argon2Params argon2) {
    if (file == null || environment == null) {
      throw new InvalidArgumentException("file and environment must not be null");
    }
    return changeMasterKey(file, FileKeys.fromEnvironment(environment, file), newKey, argon2);
  }

  /**
   * What seals {@code file}, from its header alone (no key needed): "a master key", "a passphrase
   * (Argon2id)" or "a data key wrapped by SCHEME:KEYID".
   *
   * @throws KeyringConfigException when the file is missing or not an encrypted keyring file
   */
  public static String sealedBy(Path file) {
    if (file == null) {
      throw new InvalidArgumentException("file must not be null");
    }
    return EncryptedKeyringFormat.header(readExisting(file), file).kdfName();
  }

  private static Converted changeMasterKey(
      Path file, FileKeys oldKeys, MasterKey newKey, Argon2Params argon2) {
    requireArgs(file, newKey);
    newKey.requireStrongEnoughToWrite();
    Path target = KeyringPaths.writableTarget(file);
    return KeyringLock.holding(
        target,
        () -> {
          byte[] old = readExisting(file);
          Keyring keyring = open(file, old, oldKeys, null, Map.of());
          byte[] content = seal(keyring, newKey, argon2);
          Path backup = KeyringBackups.copy(target, old, Clock.systemUTC());
          AtomicFile.write(target, content);
          return new Converted(file, file, keyring, backup);
        });
  }

  /**
   * What a conversion did: the file read, the file written, the keyring it holds, and the backup of
   * the file it replaced (null when none was replaced).
   */
  public record Converted(Path from, Path to, Keyring keyring, Path backup) {}

  /**
   * Decrypts {@code bytes} of {@code file} with the key its header needs and reads the keyring,
   * with {@code env} on top.
   */
  static Keyring open(
      Path file, byte[] bytes, FileKeys keys, DerivedKeyCache cache, Map<String, String> env) {
    FilePermissions.requireOwnerOnly(file, "encrypted keyring file");
    MasterKey key = keys.forHeader(EncryptedKeyringFormat.header(bytes, file));
    return open(file, bytes, key, cache, env);
  }

  /** Decrypts {@code bytes} of {@code file} and reads the keyring, with {@code env} on top. */
  static Keyring open(
      Path file, byte[] bytes, MasterKey key, DerivedKeyCache cache, Map<String, String> env) {
    FilePermissions.requireOwnerOnly(file, "encrypted keyring file");
    byte[] plaintext = EncryptedKeyringFormat.open(bytes, key, file, cache);
    try {
      return KeyringEntries.fromText(
          KeyringText.decode(file, plaintext), EncryptedFileKeySource.SCHEME + " " + file, env);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The encrypted file's bytes; null when it does not exist. */
  static byte[] readIfExists(Path file) {
    byte[] bytes =
        KeyringText.readBytesIfExists(
            file, "encrypted keyring file", EncryptedKeyringFormat.MAX_FILE_BYTES);
    return bytes;
  }

  private static Path write(
      Path file, Keyring keyring, MasterKey key, Argon2Params argon2, boolean replaceExisting) {
    if (replaceExisting && Files.exists(file)) {
      return replace(file, keyring, key, argon2);
    }
    createNew(file, keyring, key, argon2);
    return null;
  }

  private static Keyring readPlain(Path plainFile) {
    String text = KeyringText.readIfExists(plainFile);
    if (text == null) {
      throw new KeyringConfigException(
          "keyring file " + plainFile + " does not exist; name the plain keyring to encrypt.");
    }
    FilePermissions.requireOwnerOnly(plainFile);
    return DotenvKeySource.fromFileText(plainFile, text);
  }

  private static byte[] readExisting(Path file) {
    byte[] bytes = readIfExists(file);
    if (bytes == null) {
      throw new KeyringConfigException(
          "encrypted keyring file "
              + file
              + " does not exist; create it from a plain one with 'fieldcrypt encrypt-keyring"
              + " --env-file .env.crypto --encrypted-file "
              + file
              + "'.");
    }
    return bytes;
  }

  private static byte[] seal(Keyring keyring, MasterKey key, Argon2Params argon2) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
    key.requireStrongEnoughToWrite();
    byte[] text = KeyringEntries.toText(keyring).getBytes(StandardCharsets.UTF_8);
    try {
      return EncryptedKeyringFormat.seal(text, key, argon2 == null ? Argon2Params.DEFAULT : argon2);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  private static void requireArgs(Path file, MasterKey key) {
    if (file == null || key == null) {
      throw new InvalidArgumentException("file and master key must not be null");
    }
  }

  private static void requireDistinct(Path plain, Path encrypted) {
    if (KeyringPaths.target(plain).equals(KeyringPaths.target(encrypted))) {
      throw new KeyringConfigException(
          "the plain and the encrypted keyring file are the same file ("
              + plain
              + "); name a different output.");
    }
  }
}
