package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.internal.AesGcm;
import dev.fieldcrypt.core.internal.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The bytes of an encrypted keyring file, version 1 (docs/format.md, "Encrypted keyring file"):
 *
 * <pre>
 * offset  length  field
 * 0       8       magic, ASCII "FCKEYRNG"
 * 8       1       format version, 1
 * 9       1       KDF id: 1 master key (HKDF-SHA256), 2 passphrase (Argon2id), 3 KMS-wrapped data key
 * 10      2       P, the length of the KDF parameters, unsigned big-endian
 * 12      P       KDF parameters: none for 1; for 2 memory KiB, iterations, lanes (uint32 BE each);
 *                 for 3 the KMS: scheme length (u8), scheme (ASCII), key id length (u16 BE), key
 *                 id (UTF-8), wrapped key length (u16 BE), wrapped data key
 * 12+P    16      salt
 * 28+P    12      nonce
 * 40+P    n       AES-256-GCM ciphertext of the dotenv text (UTF-8)
 * 40+P+n  16      GCM tag
 * </pre>
 *
 * The associated data is the header, bytes {@code [0, 40+P)}. The only class that reads or writes
 * these bytes. Stateless and thread-safe.
 */
final class EncryptedKeyringFormat {
  static final byte[] MAGIC = "FCKEYRNG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int KDF_MASTER_KEY = 1;
  static final int KDF_ARGON2ID = 2;
  static final int KDF_KMS = 3;
  static final int SALT_BYTES = 16;
  static final int ARGON2_PARAM_BYTES = 12;
  static final int MAX_KMS_SCHEME = 64;
  static final int MAX_KMS_KEY_ID = 2048;
  static final int MAX_WRAPPED = 4096;

  /** The HKDF info of the file key under a raw master key. */
  static final byte[] HKDF_INFO = "fieldcrypt:keyring-file:v1".getBytes(StandardCharsets.US_ASCII);

  /** Keyring texts are a few KiB; a bigger file is not one of ours and is not read whole. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private static final int FIXED = MAGIC.length + 4; // magic, version, KDF id, P
  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedKeyringFormat() {}

  /**
   * What a header says; {@code argon2} is null but for a passphrase, {@code kms} null but for a
   * KMS-wrapped data key.
   */
  record Header(int kdf, Argon2Params argon2, Kms kms, byte[] salt, int length) {
    /** The KDF's name for messages. */
    String kdfName() {
      return switch (kdf) {
        case KDF_MASTER_KEY -> "a master key";
        case KDF_ARGON2ID -> "a passphrase (Argon2id)";
        default -> "a data key wrapped by " + kms.uri();
      };
    }
  }

  /** The KMS key of an envelope-mode file and the data key it wrapped. */
  record Kms(String scheme, String keyId, byte[] wrapped) {
    String uri() {
      return scheme + ":" + keyId;
    }

    @Override
    public String toString() {
      return "Kms[" + uri() + "]";
    }
  }

  /** The kind of secret a header's KDF takes. */
  static MasterKey.Kind kindOf(int kdf) {
    return switch (kdf) {
      case KDF_MASTER_KEY -> MasterKey.Kind.KEY;
      case KDF_ARGON2ID -> MasterKey.Kind.PASSPHRASE;
      default -> MasterKey.Kind.KMS;
    };
  }

  /** The file for {@code plaintext}: a new random salt and nonce. */
  static byte[] seal(byte[] plaintext, MasterKey key, Argon2Params argon2) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    return seal(plaintext, key, argon2, salt, nonce);
  }

  /** The file for {@code plaintext} under this salt and nonce (for the test vectors). */
  static byte[] seal(
      byte[] plaintext, MasterKey key, Argon2Params argon2, byte[] salt, byte[] nonce) {
    byte[] head = header(key, argon2, salt);
    byte[] aad = Arrays.copyOf(head, head.length + nonce.length);
    System.arraycopy(nonce, 0, aad, head.length, nonce.length);
    byte[] fileKey = derive(key, parse(head, null, true));
    try {
      byte[] sealed =
          AesGcm.seal(AesGcm.newCipher(), new SecretKeySpec(fileKey, "AES"), nonce, plaintext, aad);
      byte[] out = Arrays.copyOf(head, head.length + sealed.length);
      System.arraycopy(sealed, 0, out, head.length, sealed.length);
      return out;
    } finally {
      Arrays.fill(fileKey, (byte) 0);
    }
  }

  /**
   * The plaintext of {@code file}'s bytes.
   *
   * @param cache remembers the last derived key, so that reloading an unchanged file does not run
   *     Argon2id again; may be null
   * @throws KeyringConfigException when the bytes are not a version-1 file, ask for more than the
   *     limits allow, or do not authenticate under {@code key} (wrong key or damaged file)
   */
  static byte[] open(byte[] bytes, MasterKey key, Path file, DerivedKeyCache cache) {
    Header h = parse(bytes, file, false);
    if (kindOf(h.kdf()) == MasterKey.Kind.KMS || key.kind() == MasterKey.Kind.KMS) {
      if (kindOf(h.kdf()) != key.kind() || !Arrays.equals(h.kms().wrapped(), key.wrapped())) {
        throw new KeyringConfigException(
            "encrypted keyring file "
                + file
                + " is encrypted under "
                + h.kdfName()
                + ", not under "
                + key.origin()
                + "; open it with the key its header names"
                + (h.kms() != null
                    ? " (unset FIELDCRYPT_MASTER_KEY and FIELDCRYPT_MASTER_PASSPHRASE)"
                    : " (" + MasterKey.KEY_VARIABLE + " or " + MasterKey.PASSPHRASE_VARIABLE + ")")
                + ".");
      }
    } else if (kindOf(h.kdf()) != key.kind()) {
      throw new KeyringConfigException(
          "encrypted keyring file "
              + file
              + " is encrypted under "
              + h.kdfName()
              + ", but "
              + key.origin()
              + " holds "
              + (key.kind() == MasterKey.Kind.KEY ? "a master key" : "a passphrase")
              + "; set "
              + (h.kdf() == KDF_MASTER_KEY
                  ? MasterKey.KEY_VARIABLE + " or " + MasterKey.KEY_FILE_VARIABLE
                  : MasterKey.PASSPHRASE_VARIABLE + " or " + MasterKey.PASSPHRASE_FILE_VARIABLE)
              + " instead.");
    }
    int aadLength = h.length() + AesGcm.NONCE_BYTES;
    if (bytes.length < aadLength + AesGcm.TAG_BYTES) {
      throw truncated(file, bytes.length, aadLength + AesGcm.TAG_BYTES);
    }
    byte[] kdfInput = Arrays.copyOfRange(bytes, MAGIC.length + 1, h.length());
    byte[] fileKey = cache == null ? null : cache.get(kdfInput, key);
    if (fileKey == null) {
      fileKey = derive(key, h);
      if (cache != null) {
        cache.put(kdfInput, key, fileKey);
      }
    }
    byte[] plaintext;
    try {
      plaintext =
          AesGcm.open(
              AesGcm.newCipher(),
              new SecretKeySpec(fileKey, "AES"),
              Arrays.copyOfRange(bytes, h.length(), bytes.length),
              Arrays.copyOf(bytes, aadLength));
    } finally {
      Arrays.fill(fileKey, (byte) 0);
    }
    if (plaintext == null) {
      throw new KeyringConfigException(
          "cannot decrypt encrypted keyring file "
              + file
              + ": wrong master key or damaged file (the authentication tag does not match)."
              + " Check "
              + key.origin()
              + "; if it is the key the file was written with, restore the file from a backup ("
              + file.getFileName()
              + ".backup_*).");
    }
    return plaintext;
  }

  /** The KDF the header of {@code bytes} names (for rewrites, which keep it). */
  static Header header(byte[] bytes, Path file) {
    return parse(bytes, file, false);
  }

  private static byte[] header(MasterKey key, Argon2Params argon2, byte[] salt) {
    byte[] params;
    int kdf;
    switch (key.kind()) {
      case KEY -> {
        kdf = KDF_MASTER_KEY;
        params = new byte[0];
      }
      case PASSPHRASE -> {
        kdf = KDF_ARGON2ID;
        params =
            ByteBuffer.allocate(ARGON2_PARAM_BYTES)
                .putInt(argon2.memoryKiB())
                .putInt(argon2.iterations())
                .putInt(argon2.parallelism())
                .array();
      }
      default -> {
        kdf = KDF_KMS;
        params = kmsParams(key.wrapper().scheme(), key.wrapper().keyId(), key.wrapped());
      }
    }
    ByteBuffer b = ByteBuffer.allocate(FIXED + params.length + SALT_BYTES); // big-endian
    b.put(MAGIC).put((byte) VERSION).put((byte) kdf).putShort((short) params.length);
    return b.put(params).put(salt).array();
  }

  private static byte[] kmsParams(String scheme, String keyId, byte[] wrapped) {
    byte[] s = scheme.getBytes(StandardCharsets.US_ASCII);
    byte[] k = keyId.getBytes(StandardCharsets.UTF_8);
    if (s.length == 0
        || s.length > MAX_KMS_SCHEME
        || k.length == 0
        || k.length > MAX_KMS_KEY_ID
        || wrapped.length == 0
        || wrapped.length > MAX_WRAPPED) {
      throw new KeyringConfigException(
          "the KMS key "
              + scheme
              + ":"
              + keyId
              + " does not fit an encrypted keyring file's header (scheme up to "
              + MAX_KMS_SCHEME
              + " bytes, key id up to "
              + MAX_KMS_KEY_ID
              + ", wrapped key up to "
              + MAX_WRAPPED
              + ").");
    }
    return ByteBuffer.allocate(1 + s.length + 2 + k.length + 2 + wrapped.length)
        .put((byte) s.length)
        .put(s)
        .putShort((short) k.length)
        .put(k)
        .putShort((short) wrapped.length)
        .put(wrapped)
        .array();
  }

  /** The KMS parameters of a KDF-3 header, checked; {@code p} bytes from {@code b}'s position. */
  private static Kms kms(ByteBuffer b, int p, Path file) {
    int end = b.position() + p;
    try {
      int sl = b.get() & 0xff;
      byte[] s = new byte[sl];
      b.get(s);
      int kl = b.getShort() & 0xffff;
      byte[] k = new byte[kl];
      b.get(k);
      int wl = b.getShort() & 0xffff;
      byte[] w = new byte[wl];
      b.get(w);
      String scheme = new String(s, StandardCharsets.US_ASCII);
      if (b.position() != end
          || sl == 0
          || kl == 0
          || wl == 0
          || wl > MAX_WRAPPED
          || kl > MAX_KMS_KEY_ID
          || !scheme.matches("[a-z][a-z0-9+.-]+")) {
        throw damaged(
            file, "has malformed KMS parameters: the file is damaged; restore it from a backup");
      }
      return new Kms(scheme, new String(k, StandardCharsets.UTF_8), w);
    } catch (java.nio.BufferUnderflowException e) {
      throw damaged(
          file, "has malformed KMS parameters: the file is damaged; restore it from a backup");
    }
  }

  /** Parses the header; {@code headerOnly} accepts bytes that end after the salt. */
  private static Header parse(byte[] bytes, Path file, boolean headerOnly) {
    if (bytes.length < MAGIC.length
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new KeyringConfigException(
          file
              + " is not an encrypted fieldcrypt keyring file (it does not start with FCKEYRNG);"
              + " a plain keyring file is named file:"
              + file
              + ", and 'fieldcrypt encrypt-keyring' encrypts one.");
    }
    if (bytes.length < FIXED) {
      throw truncated(file, bytes.length, FIXED);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.position(MAGIC.length);
    int version = b.get() & 0xff;
    if (version != VERSION) {
      throw damaged(
          file,
          "has format version "
              + version
              + ", which this fieldcrypt does not read (it reads version "
              + VERSION
              + "); upgrade fieldcrypt, or restore the file from a backup");
    }
    int kdf = b.get() & 0xff;
    int p = b.getShort() & 0xffff;
    if (kdf != KDF_MASTER_KEY && kdf != KDF_ARGON2ID && kdf != KDF_KMS) {
      throw damaged(
          file,
          "names KDF id "
              + kdf
              + ", which this fieldcrypt does not know (1 master key, 2 passphrase, 3 KMS); upgrade"
              + " fieldcrypt, or restore the file from a backup");
    }
    int expected = kdf == KDF_MASTER_KEY ? 0 : ARGON2_PARAM_BYTES;
    if (kdf != KDF_KMS && p != expected) {
      throw damaged(
          file,
          "has "
              + p
              + " bytes of KDF parameters where KDF id "
              + kdf
              + " takes "
              + expected
              + ": the file is damaged; restore it from a backup");
    }
    int length = FIXED + p + SALT_BYTES;
    if (bytes.length < length + (headerOnly ? 0 : AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES)) {
      throw truncated(file, bytes.length, length + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES);
    }
    Argon2Params argon2 = null;
    Kms kms = kdf == KDF_KMS ? kms(b, p, file) : null;
    if (kdf == KDF_ARGON2ID) {
      long m = b.getInt() & 0xffffffffL;
      long t = b.getInt() & 0xffffffffL;
      long lanes = b.getInt() & 0xffffffffL;
      String problem = Argon2Params.problem(m, t, lanes);
      if (problem != null) {
        throw damaged(
            file,
            "asks for Argon2id beyond fieldcrypt's limits ("
                + problem
                + "); fieldcrypt never writes such a file: it is damaged or not from a trusted"
                + " source. Restore it from a backup");
      }
      argon2 = new Argon2Params((int) m, (int) t, (int) lanes);
      requireHeap(argon2, file);
    }
    byte[] salt = Arrays.copyOfRange(bytes, FIXED + p, length);
    return new Header(kdf, argon2, kms, salt, length);
  }

  private static void requireHeap(Argon2Params argon2, Path file) {
    // BouncyCastle's Argon2 holds the whole memory as 1 KiB blocks on the heap.
    long need = argon2.memoryKiB() * 1024L * 9 / 8;
    long max = Runtime.getRuntime().maxMemory();
    if (max != Long.MAX_VALUE && need > max / 2) {
      throw new KeyringConfigException(
          "encrypted keyring file "
              + name(file)
              + " needs "
              + need / (1 << 20)
              + " MiB of heap for Argon2id and this JVM's heap is at most "
              + max / (1 << 20)
              + " MiB; run it with a larger -Xmx, or re-encrypt the file with less memory"
              + " ('fieldcrypt change-master-key --argon2-memory').");
    }
  }

  /** The 32-byte AES key of a file under {@code key}, with the header's KDF. */
  static byte[] derive(MasterKey key, Header h) {
    if (h.kdf() == KDF_MASTER_KEY || h.kdf() == KDF_KMS) {
      return Hkdf.sha256(key.secret(), h.salt(), HKDF_INFO, 32);
    }
    Argon2Params a = h.argon2();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(h.salt())
            .withMemoryAsKB(a.memoryKiB())
            .withIterations(a.iterations())
            .withParallelism(a.parallelism())
            .build());
    byte[] out = new byte[32];
    gen.generateBytes(key.secret(), out);
    return out;
  }

  private static KeyringConfigException truncated(Path file, int have, int need) {
    return damaged(
        file,
        "is truncated ("
            + have
            + " bytes; a file needs at least "
            + need
            + "); restore it from a backup ("
            + (file == null ? "" : file.getFileName() + ".backup_*")
            + ")");
  }

  private static KeyringConfigException damaged(Path file, String what) {
    return new KeyringConfigException("encrypted keyring file " + name(file) + " " + what + ".");
  }

  /** The file for messages; null while a new file's header is checked before it is written. */
  private static String name(Path file) {
    return file == null ? "(the one being written)" : file.toString();
  }

  /** Whether {@code bytes} start like an encrypted keyring file (for the plain reader's hint). */
  static boolean looksEncrypted(byte[] bytes) {
    return bytes.length >= MAGIC.length
        && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }
}
