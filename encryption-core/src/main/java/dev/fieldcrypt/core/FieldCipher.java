package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encrypts and decrypts field values with a {@link Keyring} (fixed, {@link #create}, or followed as
 * it changes, {@link #live}): randomized AES-256-GCM, so that equal plaintexts give different
 * ciphertexts, with the value bound to its context (by default {@code table.column}) as associated
 * data.
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

  /** Prefix of the HKDF info of this (randomized AES-256-GCM) mode; a future mode uses its own. */
  static final String HKDF_INFO_PREFIX = VersionKeys.DATA_KEY_INFO_PREFIX;

  /** Data keys cached per version; past this, the cache evicts and a warning is logged once. */
  static final int MAX_CACHED_CONTEXTS = VersionKeys.MAX_CACHED_CONTEXTS;

  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private static final ThreadLocal<javax.crypto.Mac> HMAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return javax.crypto.Mac.getInstance("HmacSHA256");
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new FieldcryptException(
                  "this Java runtime has no HmacSHA256, which every Java platform must provide;"
                      + " check the security providers configured for it",
                  e);
            }
          });

  /**
   * Everything that depends on the keyring, swapped as one immutable object: the hot path reads
   * this field once per call and nothing else that can change.
   */
  private volatile KeyState state;

  /** The holder this cipher follows, or null for a cipher over one fixed keyring. */
  private final LiveKeyring live;

  /** The version a {@link #withActiveVersion} view encrypts with, or null for the keyring's. */
  private final String pinned;

  private final Object swapLock = new Object();

  private FieldCipher(KeyState state, LiveKeyring live, String pinned) {
    this.state = state;
    this.live = live;
    this.pinned = pinned;
  }

  /** A cipher over {@code keyring}; new values are encrypted with its active version. */
  public static FieldCipher create(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
    return new FieldCipher(KeyState.of(keyring, null, null), null, null);
  }

  /**
   * A cipher that follows {@code live}: a new version, or a new active version, is used as soon as
   * the holder loads it, with no restart. Meeting a value under a version it lacks, the cipher asks
   * the holder for one immediate (rate-limited) refresh and tries again before throwing {@link
   * UnknownKeyVersionException}. Data keys of versions whose material did not change are kept
   * across swaps. The encrypt and decrypt paths cost one volatile read more than a static cipher's.
   *
   * @throws InvalidArgumentException when {@code live} is null or not started
   */
  public static FieldCipher live(LiveKeyring live) {
    if (live == null) {
      throw new InvalidArgumentException("live must not be null");
    }
    FieldCipher cipher = new FieldCipher(KeyState.of(live.current(), null, null), live, null);
    live.follow(cipher::follow); // a swap between the first read and subscribing
    return cipher;
  }

  /**
   * A view of this cipher that encrypts (and re-encrypts) with version {@code label} whatever the
   * keyring's active version is or becomes, and decrypts every version this cipher can: what a
   * re-encryption job uses so that it keeps writing its own version for its whole run. A view of a
   * live cipher sees the versions the holder adds later; if {@code label} leaves the keyring,
   * encrypting through the view fails with {@link KeyringConfigException}.
   *
   * @throws KeyringConfigException when the keyring does not hold {@code label}
   */
  public FieldCipher withActiveVersion(String label) {
    KeyState s = state;
    if (label == null || !s.keyring.contains(label)) {
      throw new KeyringConfigException(
          "key version "
              + (label == null ? "(none)" : "'" + label + "'")
              + " is not in the keyring (it has "
              + String.join(", ", s.keyring.labels())
              + "); it cannot be made the version new values are written with.");
    }
    FieldCipher view = new FieldCipher(KeyState.of(s.keyring, label, s), live, label);
    if (live != null) {
      followWeakly(live, view);
    }
    return view;
  }

  /** Subscribes {@code view} weakly, so that a job's view does not outlive the job. */
  private static void followWeakly(LiveKeyring live, FieldCipher view) {
    WeakReference<FieldCipher> ref = new WeakReference<>(view);
    LiveKeyring.Subscription[] sub = new LiveKeyring.Subscription[1];
    sub[0] =
        live.follow(
            k -> {
              FieldCipher v = ref.get();
              if (v == null) {
                sub[0].close();
              } else {
                v.follow(k);
              }
            });
  }

  /** Swaps in the state of {@code keyring}, keeping the data keys of unchanged versions. */
  private void follow(Keyring keyring) {
    synchronized (swapLock) { // not on this: callers may lock a cipher they share
      KeyState s = state;
      if (s.keyring != keyring) {
        state = KeyState.of(keyring, pinned, s);
      }
    }
  }

  /** The keyring this cipher uses now (for a live cipher, the holder's latest). */
  public Keyring keyring() {
    return state.keyring;
  }

  /**
   * The label of the version new values are encrypted with now: the keyring's active version, or
   * for a {@link #withActiveVersion} view its own.
   */
  public String activeVersion() {
    return pinned != null ? pinned : state.keyring.activeVersion();
  }

  /**
   * Whether this cipher can decrypt values of version {@code label}. A live cipher that lacks it
   * first asks its holder for an on-demand (rate-limited) refresh.
   */
  public boolean holds(String label) {
    if (state.byVersion.containsKey(label)) {
      return true;
    }
    if (live != null) {
      live.refreshOnDemand();
    }
    return state.byVersion.containsKey(label);
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
    if (value.hasLabel(activeVersion()) && value.isCiphertextShaped()) {
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
   * A stored value and its blind index, written together: what a re-encryption job writes to a
   * searchable column and its index column in one compare-and-set.
   *
   * @param value the stored value ({@code <version>:<base64>})
   * @param index its blind index under the same version
   */
  public record Indexed(String value, String index) {
    @Override
    public String toString() {
      return "Indexed[version=" + StoredValue.parse(value).label() + "]";
    }
  }

  /**
   * A parsed value re-encrypted under the active version (its own text when it already is) and the
   * blind index of its plaintext (read as UTF-8 text) under that version. The plaintext never
   * leaves this method; its buffer is cleared.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not ciphertext-shaped
   */
  public Indexed reencryptIndexed(StoredValue value, String context, BlindIndex index) {
    requireIndex(index);
    if (value.isNull()) {
      return new Indexed(null, null);
    }
    VersionKeys active = activeKeys();
    byte[] plain = open(value, context);
    try {
      String text =
          value.hasLabel(active.label) ? value.text() : sealWith(active, plain, context, nonce());
      return new Indexed(text, indexOfPlain(plain, context, index, active));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The blind index of a plaintext value (read as UTF-8 text) under the active version, and that
   * value encrypted: what a plaintext migration writes to a searchable column and its index.
   */
  public Indexed encryptIndexed(String plaintext, String context, BlindIndex index) {
    requireIndex(index);
    if (plaintext == null) {
      return new Indexed(null, null);
    }
    VersionKeys active = activeKeys();
    byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
    return new Indexed(
        sealWith(active, plain, context, nonce()),
        blindIndex(indexed(plaintext, index), context, index, active));
  }

  private static String indexOfPlain(
      byte[] plain, String context, BlindIndex index, VersionKeys keys) {
    String text = new String(plain, StandardCharsets.UTF_8);
    return blindIndex(indexed(text, index), context, index, keys);
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
   * {@code plaintext} encrypted for a binary column ({@code bytea}, {@code BLOB}, {@code
   * VARBINARY}): {@code 0xF1 ‖ len(label) ‖ label ‖ nonce ‖ ciphertext ‖ tag} (docs/format.md,
   * "Binary stored values"), the same AES-256-GCM under the same key as the text form, without its
   * base64. Null for null.
   *
   * @throws KeyringConfigException when this view's pinned version left the keyring
   */
  public byte[] encryptToBinary(byte[] plaintext, String context) {
    return plaintext == null ? null : sealBinaryWithNonce(plaintext, context, nonce());
  }

  /** Test seam for the binary vectors of docs/format.md; production nonces are random. */
  byte[] sealBinaryWithNonce(byte[] plaintext, String context, byte[] nonce) {
    VersionKeys active = activeKeys();
    VersionKeys.DataKey dk = active.dataKey(context);
    byte[] out =
        StoredValue.binaryFrame(
            active.label, AesGcm.NONCE_BYTES + plaintext.length + AesGcm.TAG_BYTES);
    AesGcm.sealInto(
        dk.cipher().get(), dk.key(), nonce, plaintext, dk.aad(), out, 2 + active.label.length());
    return out;
  }

  /**
   * The plaintext of a binary stored value. Null for null.
   *
   * @throws UnknownKeyVersionException the keyring lacks the value's version
   * @throws DecryptionFailedException the value does not authenticate under this context
   * @throws MalformedCiphertextException the value is not a binary stored value
   */
  public byte[] decryptBinary(byte[] stored, String context) {
    if (stored == null) {
      return null;
    }
    int offset = StoredValue.binaryBodyOffset(stored, context);
    String label = new String(stored, 2, offset - 2, StandardCharsets.US_ASCII);
    KeyState s = state;
    VersionKeys vk =
        s.active != null && s.active.label.equals(label) ? s.active : s.byVersion.get(label);
    if (vk == null) {
      vk = afterRefresh(label, context);
    }
    VersionKeys.DataKey dk = vk.dataKey(context);
    byte[] plain =
        AesGcm.open(dk.cipher().get(), dk.key(), stored, offset, stored.length - offset, dk.aad());
    if (plain == null) {
      throw new DecryptionFailedException(vk.label, context);
    }
    return plain;
  }

  /**
   * The version label of a binary stored value, without decrypting it.
   *
   * @throws MalformedCiphertextException the value is not a binary stored value
   */
  public static String versionOfBinary(byte[] stored) {
    return StoredValue.binaryVersion(stored, "(binary value)");
  }

  /**
   * The blind index of {@code plaintext} in {@code context} under the version this cipher encrypts
   * with: what a searchable field stores beside its ciphertext. Null for null.
   *
   * @throws InvalidArgumentException when {@code index} is null or {@code context} is empty
   * @throws KeyringConfigException when this view's pinned version left the keyring
   */
  public String blindIndex(String plaintext, String context, BlindIndex index) {
    if (plaintext == null) {
      return null;
    }
    return blindIndex(indexed(plaintext, index), context, index, activeKeys());
  }

  /** As {@link #blindIndex(String, String, BlindIndex)} for a binary value (not normalized). */
  public String blindIndex(byte[] plaintext, String context, BlindIndex index) {
    if (plaintext == null) {
      return null;
    }
    requireIndex(index);
    return blindIndex(plaintext, context, index, activeKeys());
  }

  /**
   * The blind indexes of {@code plaintext} under every version of the keyring, the active one
   * first: an equality lookup matches any of them, so that it finds rows written under each version
   * before, during and after a rotation. Empty for null.
   *
   * @throws InvalidArgumentException when {@code index} is null or {@code context} is empty
   */
  public java.util.List<String> blindIndexes(String plaintext, String context, BlindIndex index) {
    if (plaintext == null) {
      return java.util.List.of();
    }
    byte[] bytes = indexed(plaintext, index);
    KeyState s = state;
    java.util.List<String> out = new java.util.ArrayList<>(s.byVersion.size());
    if (s.active != null) {
      out.add(blindIndex(bytes, context, index, s.active));
    }
    for (String label : s.keyring.labels()) {
      VersionKeys vk = s.byVersion.get(label);
      if (vk != s.active) {
        out.add(blindIndex(bytes, context, index, vk));
      }
    }
    return java.util.List.copyOf(out);
  }

  private static byte[] indexed(String plaintext, BlindIndex index) {
    requireIndex(index);
    return index.normalize(plaintext).getBytes(StandardCharsets.UTF_8);
  }

  private static void requireIndex(BlindIndex index) {
    if (index == null) {
      throw new InvalidArgumentException("index must not be null");
    }
  }

  private VersionKeys activeKeys() {
    VersionKeys active = state.active;
    if (active == null) {
      throw pinnedGone();
    }
    return active;
  }

  private static String blindIndex(
      byte[] bytes, String context, BlindIndex index, VersionKeys keys) {
    javax.crypto.Mac mac = HMAC.get();
    try {
      mac.init(keys.searchKey(context));
    } catch (java.security.InvalidKeyException e) {
      throw new FieldcryptException("HmacSHA256 refused a 32-byte key (" + e.getClass() + ")", e);
    }
    return index.format(keys.label, mac.doFinal(bytes));
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
    return sealWithNonce(plaintext, context, nonce());
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    RANDOM.get().nextBytes(nonce);
    return nonce;
  }

  /** Test seam for the known-answer vectors of docs/format.md; production nonces are random. */
  String sealWithNonce(byte[] plaintext, String context, byte[] nonce) {
    return sealWith(activeKeys(), plaintext, context, nonce);
  }

  private static String sealWith(
      VersionKeys active, byte[] plaintext, String context, byte[] nonce) {
    VersionKeys.DataKey dk = active.dataKey(context);
    return StoredValue.format(
        active.label, AesGcm.seal(dk.cipher().get(), dk.key(), nonce, plaintext, dk.aad()));
  }

  /** Test seam: the cached data key of {@code label} for {@code context}, derived if need be. */
  Object dataKeyOf(String label, String context) {
    return state.byVersion.get(label).dataKey(context);
  }

  private KeyringConfigException pinnedGone() {
    return new KeyringConfigException(
        "key version '"
            + pinned
            + "', which this cipher was pinned to write with (a re-encryption job's version), is"
            + " no longer in the keyring (it has "
            + String.join(", ", state.keyring.labels())
            + "); cancel the job and start a new one to the active version.");
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
    KeyState s = state;
    // The active version first, compared in place: most values read are on it.
    VersionKeys vk =
        s.active != null && StoredValue.labelIs(ciphertext, colon, s.active.label)
            ? s.active
            : s.byVersion.get(ciphertext.substring(0, colon));
    if (vk == null) {
      vk = afterRefresh(ciphertext.substring(0, colon), context);
    }
    VersionKeys.DataKey dk = vk.dataKey(context);
    byte[] plain = AesGcm.open(dk.cipher().get(), dk.key(), body, dk.aad());
    if (plain == null) {
      throw new DecryptionFailedException(vk.label, context);
    }
    return plain;
  }

  /** The slow path of a version this cipher lacks: one on-demand refresh of a live keyring. */
  private VersionKeys afterRefresh(String label, String context) {
    if (live != null) {
      live.refreshOnDemand();
      VersionKeys vk = state.byVersion.get(label);
      if (vk != null) {
        return vk;
      }
    }
    throw new UnknownKeyVersionException(label, context, state.keyring.labels());
  }

  @Override
  public String toString() {
    return "FieldCipher[active="
        + activeVersion()
        + ", versions="
        + state.keyring.labels()
        + (live != null ? ", live" : "")
        + "]";
  }
}
