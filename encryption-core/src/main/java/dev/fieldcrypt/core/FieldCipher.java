package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import dev.fieldcrypt.core.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts and decrypts field values with a {@link Keyring}: randomized AES-256-GCM, so that equal
 * plaintexts give different ciphertexts, with the value bound to its context (by default {@code
 * table.column}) as associated data.
 *
 * <p>Output is {@code <version>:<base64(nonce ‖ ciphertext ‖ tag)>}, the active version's label
 * first, so that {@link #versionOf} tells which key wrote a value without decrypting it. Each
 * (version, context) pair has its own data key, {@code HKDF-SHA256(key, salt, info)}, derived once
 * and cached. The byte-exact format is in {@code docs/format.md}.
 *
 * <p>Security: confidentiality and integrity of each value; a value moved to another context, or
 * altered, fails with {@link DecryptionFailedException}. Not hidden: the value's length. Random
 * 96-bit nonces allow about 2<sup>32</sup> encryptions per (version, context) before rotating.
 *
 * <p>Nulls: {@code null} in, {@code null} out. The empty string is encrypted like any value.
 * Thread-safe; share one instance per keyring.
 *
 * <pre>{@code
 * FieldCipher cipher = FieldCipher.create(Keyring.load(Path.of(".env.crypto")));
 * String stored = cipher.encrypt("JBSWY3DPEHPK3PXP", "users.otp_secret");   // "v2:…"
 * String otp = cipher.decrypt(stored, "users.otp_secret");
 * }</pre>
 */
public final class FieldCipher {
  private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);

  /** Prefix of the HKDF info of this (randomized AES-256-GCM) mode; a future mode uses its own. */
  static final String HKDF_INFO_PREFIX = "fieldcrypt:aes-256-gcm:";

  /** Data keys cached per version; past this, the cache evicts and a warning is logged once. */
  static final int MAX_CACHED_CONTEXTS = 10_000;

  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private final Keyring keyring;
  private final Map<String, VersionKeys> byVersion;
  private final VersionKeys active;

  private FieldCipher(Keyring keyring) {
    this.keyring = keyring;
    Map<String, VersionKeys> map = new HashMap<>();
    for (KeyVersion v : keyring.versions()) {
      map.put(v.label(), new VersionKeys(v));
    }
    this.byVersion = Map.copyOf(map);
    this.active = byVersion.get(keyring.activeVersion());
  }

  /** A cipher over {@code keyring}; new values are encrypted with its active version. */
  public static FieldCipher create(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
    return new FieldCipher(keyring);
  }

  /** The keyring this cipher uses. */
  public Keyring keyring() {
    return keyring;
  }

  /** The label of the version new values are encrypted with. */
  public String activeVersion() {
    return active.label;
  }

  /** Encrypts the UTF-8 bytes of {@code plaintext} for {@code context}; {@code null} stays null. */
  public String encrypt(String plaintext, String context) {
    if (plaintext == null) {
      return null;
    }
    return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
  }

  /** Encrypts {@code plaintext} for {@code context}; {@code null} stays null. */
  public String encrypt(byte[] plaintext, String context) {
    if (plaintext == null) {
      return null;
    }
    return seal(plaintext, context);
  }

  /**
   * Decrypts a value written by {@link #encrypt(String, String)} with any version of the keyring.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not a ciphertext
   */
  public String decrypt(String ciphertext, String context) {
    if (ciphertext == null) {
      return null;
    }
    return new String(open(ciphertext, context), StandardCharsets.UTF_8);
  }

  /** Like {@link #decrypt(String, String)}, returning the plaintext bytes. */
  public byte[] decryptBytes(String ciphertext, String context) {
    if (ciphertext == null) {
      return null;
    }
    return open(ciphertext, context);
  }

  /**
   * The value re-encrypted under the active version, or the same string when it already is (and is
   * ciphertext-shaped). The plaintext never leaves this method; its buffer is cleared.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not ciphertext-shaped
   */
  public String reencrypt(String ciphertext, String context) {
    return reencrypt(StoredValue.parse(ciphertext), context);
  }

  /**
   * A parsed value re-encrypted under the active version, or its own text when it already is; its
   * body, decoded by {@link StoredValue#parse}, is not decoded again. The plaintext never leaves
   * this method; its buffer is cleared before returning.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not ciphertext-shaped
   */
  public String reencrypt(StoredValue value, String context) {
    if (value.isNull()) {
      return null;
    }
    if (value.hasLabel(active.label) && value.isCiphertextShaped()) {
      return value.text();
    }
    byte[] plain = open(value, context);
    try {
      return seal(plain, context);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Checks that a parsed value decrypts under {@code context}, without returning the plaintext
   * (whose buffer is cleared): what a plaintext migration does with a value that claims to be
   * current before counting it as done.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not ciphertext-shaped
   */
  public void authenticate(StoredValue value, String context) {
    if (value.isNull()) {
      return;
    }
    Arrays.fill(open(value, context), (byte) 0);
  }

  /**
   * The version label of a ciphertext, read from its prefix without decrypting or checking that the
   * keyring holds it.
   *
   * @throws MalformedCiphertextException when the value has no version prefix
   */
  public String versionOf(String ciphertext) {
    return StoredValue.version(ciphertext, "(versionOf)");
  }

  /**
   * Whether {@code value} has the shape of a fieldcrypt ciphertext: a valid label, a colon and
   * canonical base64 of at least nonce and tag. Says nothing about whether it decrypts.
   *
   * @deprecated classify values with {@link StoredValue#parse} and {@link StoredValue#classify},
   *     which also tell a damaged ciphertext from plaintext
   */
  @Deprecated
  public static boolean looksLikeCiphertext(String value) {
    return StoredValue.parse(value).isCiphertextShaped();
  }

  /**
   * Characters the ciphertext of a {@code plaintextBytes}-byte value takes under a version label of
   * {@code versionLabelLength} characters: {@code L + 1 + 4·⌈(28 + n) / 3⌉}.
   */
  public static int ciphertextLength(int plaintextBytes, int versionLabelLength) {
    return StoredValue.length("x".repeat(versionLabelLength), plaintextBytes);
  }

  private String seal(byte[] plaintext, String context) {
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    RANDOM.get().nextBytes(nonce);
    return sealWithNonce(plaintext, context, nonce);
  }

  /** Test seam for the known-answer vectors of docs/format.md; production nonces are random. */
  String sealWithNonce(byte[] plaintext, String context, byte[] nonce) {
    DataKey dk = active.dataKey(context);
    return StoredValue.format(
        active.label, AesGcm.seal(dk.cipher.get(), dk.key, nonce, plaintext, dk.aad));
  }

  private byte[] open(String ciphertext, String context) {
    int colon = StoredValue.requireLabelEnd(ciphertext, context);
    return open(ciphertext, colon, StoredValue.body(ciphertext, colon, context), context);
  }

  private byte[] open(StoredValue value, String context) {
    if (!value.isCiphertextShaped()) {
      throw new MalformedCiphertextException(context, value.problem());
    }
    return open(value.text(), value.colon(), value.body(), context);
  }

  private byte[] open(String ciphertext, int colon, byte[] body, String context) {
    // The active version first, compared in place: most values read are on it.
    VersionKeys vk =
        StoredValue.labelIs(ciphertext, colon, active.label)
            ? active
            : byVersion.get(ciphertext.substring(0, colon));
    if (vk == null) {
      throw new UnknownKeyVersionException(
          ciphertext.substring(0, colon), context, keyring.labels());
    }
    DataKey dk = vk.dataKey(context);
    byte[] plain = AesGcm.open(dk.cipher.get(), dk.key, body, dk.aad);
    if (plain == null) {
      throw new DecryptionFailedException(vk.label, context);
    }
    return plain;
  }

  @Override
  public String toString() {
    return "FieldCipher[active=" + active.label + ", versions=" + keyring.labels() + "]";
  }

  /**
   * A derived AES key, the associated data for one context, and a cipher per thread for this key
   * (see {@link AesGcm}: re-keying a cipher costs a key expansion).
   */
  private record DataKey(String context, SecretKey key, byte[] aad, ThreadLocal<Cipher> cipher) {
    DataKey(String context, SecretKey key, byte[] aad) {
      this(context, key, aad, ThreadLocal.withInitial(AesGcm::newCipher));
    }
  }

  /** One version's material and its cache of per-context data keys. */
  private static final class VersionKeys {
    private final String label;
    private final byte[] ikm;
    private final byte[] salt;
    private final ConcurrentHashMap<String, DataKey> byContext = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    /**
     * The data key used last. Callers such as the Hibernate converter pass the same context String
     * instance every time, so an identity check skips the map lookup; a racy read is safe, since a
     * record's fields are final.
     */
    private DataKey last;

    VersionKeys(KeyVersion v) {
      this.label = v.label();
      this.ikm = v.key();
      this.salt = v.salt();
    }

    DataKey dataKey(String context) {
      DataKey recent = last;
      if (recent != null && recent.context == context) {
        return recent;
      }
      if (context == null || context.isEmpty()) {
        throw new InvalidArgumentException(
            "context must be a non-empty string such as 'table.column'");
      }
      DataKey dk = byContext.get(context);
      if (dk != null) {
        last = dk;
        return dk;
      }
      if (byContext.size() >= MAX_CACHED_CONTEXTS) {
        // Bounded: evict one entry for the new one, and say so once per version, not per call.
        Iterator<String> any = byContext.keySet().iterator();
        if (any.hasNext()) {
          byContext.remove(any.next());
        }
        if (!warnedFull.getAndSet(true)) {
          log.warn(
              "more than {} distinct contexts for key version {}; its data-key cache now evicts"
                  + " (contexts are meant to be table.column names, a bounded set)",
              MAX_CACHED_CONTEXTS,
              label);
        }
      }
      return byContext.computeIfAbsent(context, this::derive);
    }

    private DataKey derive(String context) {
      byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
      byte[] info = (HKDF_INFO_PREFIX + context).getBytes(StandardCharsets.UTF_8);
      byte[] key = Hkdf.sha256(ikm, salt, info, KeyVersion.KEY_BYTES);
      try {
        return new DataKey(context, new SecretKeySpec(key, "AES"), ctx);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
  }
}
