package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * The secret that opens an encrypted keyring file ({@link EncryptedKeyringFile}): a raw 32-byte
 * master key, or a passphrase that Argon2id stretches. Read from the environment, never from a
 * command line (which {@code ps} shows to every user):
 *
 * <ul>
 *   <li>{@code FIELDCRYPT_MASTER_KEY} or {@code FIELDCRYPT_MASTER_KEY_FILE=/path}: base64 of 32
 *       random bytes ({@code head -c 32 /dev/urandom | base64}), surrounding whitespace ignored;
 *   <li>{@code FIELDCRYPT_MASTER_PASSPHRASE} or {@code FIELDCRYPT_MASTER_PASSPHRASE_FILE=/path}:
 *       any text, taken as its Unicode NFC form in UTF-8 (a file's trailing line breaks are
 *       dropped).
 * </ul>
 *
 * Exactly one of the four must be set. {@code change-master-key} reads the new secret from the same
 * names with {@code FIELDCRYPT_NEW_MASTER_} in place of {@code FIELDCRYPT_MASTER_} ({@link
 * #newFromEnvironment}).
 *
 * <p>The secret is held in a private array; {@link #toString()} shows the kind and where it came
 * from (a variable's name, a file's path), never the secret. Errors name the variables and the
 * remedy, never a value. Immutable and thread-safe.
 *
 * <pre>{@code
 * MasterKey key = MasterKey.fromEnvironment(System.getenv());
 * Keyring keyring = EncryptedKeyringFile.read(Path.of("keyring.enc"), key);
 * }</pre>
 */
public final class MasterKey {
  /** A raw master key, base64. */
  public static final String KEY_VARIABLE = "FIELDCRYPT_MASTER_KEY";

  /** A file holding the raw master key, base64. */
  public static final String KEY_FILE_VARIABLE = "FIELDCRYPT_MASTER_KEY_FILE";

  /** A passphrase. */
  public static final String PASSPHRASE_VARIABLE = "FIELDCRYPT_MASTER_PASSPHRASE";

  /** A file holding the passphrase. */
  public static final String PASSPHRASE_FILE_VARIABLE = "FIELDCRYPT_MASTER_PASSPHRASE_FILE";

  /** The prefix of the variables that hold the new secret of {@code change-master-key}. */
  public static final String NEW_PREFIX = "FIELDCRYPT_NEW_MASTER_";

  /** The length of a raw master key in bytes. */
  public static final int KEY_BYTES = 32;

  /** The shortest passphrase that a new file may be encrypted under, in characters. */
  public static final int MIN_PASSPHRASE_CHARS = 12;

  /** The prefix of the variables that hold the secret. */
  static final String PREFIX = "FIELDCRYPT_MASTER_";

  static final String GENERATE_HINT = "generate one with 'head -c 32 /dev/urandom | base64'";

  /** Which kind of secret a master key is. */
  public enum Kind {
    /** 32 random bytes; the file key is derived with HKDF-SHA256. */
    KEY,
    /** A passphrase; the file key is derived with Argon2id. */
    PASSPHRASE,
    /**
     * A data key wrapped by a KMS (envelope mode): the header holds the wrapped key, the file key
     * is derived from the unwrapped one with HKDF-SHA256.
     */
    KMS
  }

  /** A KMS key that wraps new files' data keys, as a URI ({@code aws-kms:arn:…}). */
  public static final String KMS_KEY_VARIABLE = "FIELDCRYPT_MASTER_KMS_KEY";

  private final Kind kind;
  private final byte[] secret;
  private final String origin;
  private final int passphraseChars;
  private final KeyWrapper wrapper;
  private final byte[] wrapped;

  private MasterKey(Kind kind, byte[] secret, String origin, int passphraseChars) {
    this(kind, secret, origin, passphraseChars, null, null);
  }

  private MasterKey(
      Kind kind,
      byte[] secret,
      String origin,
      int passphraseChars,
      KeyWrapper wrapper,
      byte[] wrapped) {
    this.kind = kind;
    this.secret = secret;
    this.origin = origin;
    this.passphraseChars = passphraseChars;
    this.wrapper = wrapper;
    this.wrapped = wrapped;
  }

  /**
   * A new data key from {@code wrapper}'s KMS (one {@code GenerateDataKey} or encrypt call), for
   * writing a new envelope-mode file.
   *
   * @throws KeyringConfigException when the KMS refuses or cannot be reached
   */
  public static MasterKey generatedBy(KeyWrapper wrapper) {
    if (wrapper == null) {
      throw new InvalidArgumentException("wrapper must not be null");
    }
    KeyWrapper.DataKey dk = wrapper.generateDataKey();
    return wrappedKey(wrapper, dk.plaintext(), dk.wrapped(), "a new data key of " + uri(wrapper));
  }

  /**
   * The data key {@code wrapped} holds, unwrapped by {@code wrapper} (one KMS call): what opening
   * an envelope-mode file does with its header.
   *
   * @throws KeyringConfigException when the KMS refuses or cannot be reached, or the key it returns
   *     is not 32 bytes
   */
  static MasterKey unwrappedBy(KeyWrapper wrapper, byte[] wrapped) {
    return wrappedKey(wrapper, wrapper.unwrap(wrapped), wrapped, "the data key of " + uri(wrapper));
  }

  private static MasterKey wrappedKey(
      KeyWrapper wrapper, byte[] plaintext, byte[] wrapped, String origin) {
    if (plaintext == null || plaintext.length != KEY_BYTES) {
      int n = plaintext == null ? 0 : plaintext.length;
      if (plaintext != null) {
        java.util.Arrays.fill(plaintext, (byte) 0);
      }
      throw new KeyringConfigException(
          uri(wrapper)
              + " returned a data key of "
              + n
              + " bytes where fieldcrypt needs "
              + KEY_BYTES
              + "; use a symmetric AES-256 key of that service.");
    }
    try {
      return new MasterKey(Kind.KMS, plaintext.clone(), origin, 0, wrapper, wrapped.clone());
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0); // the wrapper's copy; ours is the clone
    }
  }

  private static String uri(KeyWrapper w) {
    return w.scheme() + ":" + w.keyId();
  }

  /** The KMS key of an envelope-mode key; null for the other kinds. */
  KeyWrapper wrapper() {
    return wrapper;
  }

  /** The wrapped data key of an envelope-mode key; null for the other kinds. */
  byte[] wrapped() {
    return wrapped;
  }

  /**
   * The master key or passphrase that {@code environment} sets ({@code FIELDCRYPT_MASTER_KEY},
   * {@code _KEY_FILE}, {@code _PASSPHRASE} or {@code _PASSPHRASE_FILE}).
   *
   * @throws KeyringConfigException when none or more than one is set, or the one set is invalid
   */
  public static MasterKey fromEnvironment(Map<String, String> environment) {
    return MasterKeyVariables.read(environment, PREFIX, null);
  }

  /**
   * The new master key or passphrase of {@code change-master-key}: {@code
   * FIELDCRYPT_NEW_MASTER_KEY}, {@code _KEY_FILE}, {@code _PASSPHRASE} or {@code _PASSPHRASE_FILE}.
   *
   * @throws KeyringConfigException when none or more than one is set, or the one set is invalid
   */
  public static MasterKey newFromEnvironment(Map<String, String> environment) {
    return MasterKeyVariables.read(environment, NEW_PREFIX, null);
  }

  /**
   * A raw master key of {@value #KEY_BYTES} bytes (copied); {@code origin} names where it came from
   * in messages.
   *
   * @throws InvalidArgumentException when the key is not 32 bytes
   */
  public static MasterKey ofKey(byte[] key, String origin) {
    if (key == null || key.length != KEY_BYTES) {
      throw new InvalidArgumentException(
          "a master key is "
              + KEY_BYTES
              + " bytes, got "
              + (key == null ? "null" : key.length + " bytes")
              + "; "
              + GENERATE_HINT
              + ".");
    }
    return new MasterKey(Kind.KEY, key.clone(), requireOrigin(origin), 0);
  }

  /**
   * A passphrase (copied; wipe yours); {@code origin} names where it came from in messages.
   *
   * @throws InvalidArgumentException when the passphrase is empty
   */
  public static MasterKey ofPassphrase(char[] passphrase, String origin) {
    if (passphrase == null || passphrase.length == 0) {
      throw new InvalidArgumentException("the master passphrase must not be empty");
    }
    String nfc = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
    ByteBuffer utf8 = StandardCharsets.UTF_8.encode(nfc);
    byte[] bytes = new byte[utf8.remaining()];
    utf8.get(bytes);
    return new MasterKey(
        Kind.PASSPHRASE, bytes, requireOrigin(origin), nfc.codePointCount(0, nfc.length()));
  }

  /** Whether this is a raw key or a passphrase. */
  public Kind kind() {
    return kind;
  }

  /** Where the secret came from, such as {@code FIELDCRYPT_MASTER_KEY_FILE=/run/secrets/mk}. */
  public String origin() {
    return origin;
  }

  /** The key bytes or the passphrase's UTF-8 bytes. Never log them. */
  byte[] secret() {
    return secret;
  }

  /** Whether the secret equals {@code other}'s (for the derived-key cache). */
  boolean sameSecret(MasterKey other) {
    return other != null
        && other.kind == kind
        && java.security.MessageDigest.isEqual(other.secret, secret)
        && java.util.Arrays.equals(other.wrapped, wrapped);
  }

  /**
   * Refuses a passphrase too short to encrypt a new file under.
   *
   * @throws KeyringConfigException naming the origin and the minimum
   */
  void requireStrongEnoughToWrite() {
    if (kind == Kind.PASSPHRASE && passphraseChars < MIN_PASSPHRASE_CHARS) {
      throw new KeyringConfigException(
          "the master passphrase from "
              + origin
              + " has "
              + passphraseChars
              + " characters; encrypting a keyring file needs at least "
              + MIN_PASSPHRASE_CHARS
              + " (a few random words), or use a random master key ("
              + KEY_VARIABLE
              + ", "
              + GENERATE_HINT
              + ").");
    }
  }

  @Override
  public String toString() {
    return "MasterKey[" + kind.name().toLowerCase(java.util.Locale.ROOT) + " from " + origin + "]";
  }

  private static String requireOrigin(String origin) {
    if (origin == null || origin.isBlank()) {
      throw new InvalidArgumentException("origin must name where the secret came from");
    }
    return origin;
  }
}
