package dev.fieldcrypt.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One version of the keyring: a label such as {@code v2}, a 32-byte AES-256 key, a salt for the
 * HKDF that derives per-column keys, and the SHA-256 of that salt as an integrity check.
 *
 * <p>Immutable and thread-safe; validated at construction. The key material is reachable only
 * inside this package and, for code that stores keyrings, through {@link
 * #keyBytes(SecretKeyAccess)}: {@link #toString()} and every exception show the label alone.
 *
 * <pre>{@code
 * KeyVersion v3 = KeyVersion.generate("v3");
 * Keyring next = keyring.withActiveVersion(v3);
 * }</pre>
 */
public final class KeyVersion {
  /** Key size of AES-256. */
  public static final int KEY_BYTES = 32;

  /** Smallest salt accepted; {@link #generate(String)} uses this size. */
  public static final int MIN_SALT_BYTES = 16;

  /** Largest salt accepted. */
  public static final int MAX_SALT_BYTES = 64;

  /** The longest version label. */
  public static final int MAX_LABEL_LENGTH = 32;

  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LABEL_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String label;
  private final byte[] key;
  private final byte[] salt;
  private final String saltHash;

  private KeyVersion(String label, byte[] key, byte[] salt) {
    this.label = label;
    this.key = key;
    this.salt = salt;
    this.saltHash = sha256Hex(salt);
  }

  /**
   * A version from existing material; checks the label, the key size and the salt size.
   *
   * @throws KeyringConfigException naming the version and what is wrong
   */
  public static KeyVersion of(String label, byte[] key, byte[] salt) {
    checkLabel(label);
    if (key == null || key.length != KEY_BYTES) {
      throw new KeyringConfigException(
          "key for version '"
              + label
              + "' is "
              + (key == null ? "missing" : key.length + " bytes")
              + "; AES-256 needs exactly "
              + KEY_BYTES
              + " bytes. Generate a new version with 'fieldcrypt generate' or 'fieldcrypt rotate'.");
    }
    if (salt == null || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
      throw new KeyringConfigException(
          "salt for version '"
              + label
              + "' is "
              + (salt == null ? "missing" : salt.length + " bytes")
              + "; it must be "
              + MIN_SALT_BYTES
              + " to "
              + MAX_SALT_BYTES
              + " bytes.");
    }
    return new KeyVersion(label, key.clone(), salt.clone());
  }

  /**
   * Like {@link #of(String, byte[], byte[])}, and also checks the salt against its recorded SHA-256
   * (hex, case-insensitive).
   *
   * @throws KeyringConfigException "salt integrity check failed for version v2" on a mismatch
   */
  public static KeyVersion of(String label, byte[] key, byte[] salt, String expectedSaltHash) {
    KeyVersion v = of(label, key, salt);
    if (expectedSaltHash == null
        || !MessageDigest.isEqual(
            v.saltHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            expectedSaltHash
                .trim()
                .toLowerCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new KeyringConfigException(
          "salt integrity check failed for version '"
              + label
              + "': the salt does not match its recorded SHA-256. The salt or its hash was"
              + " altered or truncated; restore the keyring from a backup.");
    }
    return v;
  }

  /** A new version with a random 32-byte key and a random 16-byte salt. */
  public static KeyVersion generate(String label) {
    return generate(label, MIN_SALT_BYTES);
  }

  /** A new version with a random 32-byte key and a random salt of {@code saltBytes} bytes. */
  public static KeyVersion generate(String label, int saltBytes) {
    checkLabel(label);
    if (saltBytes < MIN_SALT_BYTES || saltBytes > MAX_SALT_BYTES) {
      throw new KeyringConfigException(
          "salt size "
              + saltBytes
              + " is not supported; use "
              + MIN_SALT_BYTES
              + " to "
              + MAX_SALT_BYTES
              + " bytes.");
    }
    byte[] key = new byte[KEY_BYTES];
    byte[] salt = new byte[saltBytes];
    RANDOM.nextBytes(key);
    RANDOM.nextBytes(salt);
    return new KeyVersion(label, key, salt);
  }

  /**
   * Checks a version label against {@code [A-Za-z0-9._-]{1,32}}.
   *
   * @throws KeyringConfigException naming the label and the allowed pattern
   */
  public static String checkLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new KeyringConfigException(
          "invalid key version label "
              + (label == null ? "(none)" : "'" + label + "'")
              + ": use 1 to 32 characters from A-Z a-z 0-9 . _ - (for example 'v2' or"
              + " 'v2-prod').");
    }
    return label;
  }

  /** Whether {@code label} is a valid version label. */
  public static boolean isValidLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }

  /** The version label, as it appears before the colon of every ciphertext it wrote. */
  public String label() {
    return label;
  }

  /** Lower-case hex SHA-256 of the salt, as written to {@code ENCRYPTION_SALT_HASH__<label>}. */
  public String saltHash() {
    return saltHash;
  }

  /**
   * A copy of the 32-byte key, for code that stores a keyring (a key source writing its file or
   * secret store). Never log it; wipe the copy when done.
   *
   * @throws InvalidArgumentException when {@code access} is null
   */
  public byte[] keyBytes(SecretKeyAccess access) {
    requireAccess(access);
    return key.clone();
  }

  /**
   * A copy of the salt, for code that stores a keyring. Not secret on its own, but it is kept with
   * the key and treated like it.
   *
   * @throws InvalidArgumentException when {@code access} is null
   */
  public byte[] saltBytes(SecretKeyAccess access) {
    requireAccess(access);
    return salt.clone();
  }

  private static void requireAccess(SecretKeyAccess access) {
    if (access == null) {
      throw new InvalidArgumentException(
          "reading key material needs SecretKeyAccess.get(); null was passed");
    }
  }

  int saltLength() {
    return salt.length;
  }

  byte[] key() {
    return key.clone();
  }

  byte[] salt() {
    return salt.clone();
  }

  /** Whether both versions hold the same label and material. */
  boolean sameMaterial(KeyVersion other) {
    return label.equals(other.label)
        && MessageDigest.isEqual(key, other.key)
        && MessageDigest.isEqual(salt, other.salt);
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new FieldcryptException(
          "this Java runtime has no SHA-256, which every Java platform must provide; check the"
              + " security providers configured in java.security.",
          e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyVersion other && sameMaterial(other);
  }

  @Override
  public int hashCode() {
    return label.hashCode() * 31 + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "KeyVersion[" + label + "]";
  }
}
