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
 * 9       1       KDF id: 1 master key (HKDF-SHA256), 2 passphrase (Argon2id), 3 reserved (KMS)
 * 10      2       P, the length of the KDF parameters, unsigned big-endian
 * 12      P       KDF parameters: none for 1; for 2 memory KiB, iterations, lanes (uint32 BE each)
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

  /** The HKDF info of the file key under a raw master key. */
  static final byte[] HKDF_INFO = "fieldcrypt:keyring-file:v1".getBytes(StandardCharsets.US_ASCII);

  /** Keyring texts are a few KiB; a bigger file is not one of ours and is not read whole. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private static final int FIXED = MAGIC.length + 4; // magic, version, KDF id, P
  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedKeyringFormat() {}

  /** What a header says; {@code argon2} is null for a raw master key. */
  record Header(int kdf, Argon2Params argon2, byte[] salt, int length) {
    /** The KDF's name for messages. */
    String kdfName() {
      return kdf == KDF_MASTER_KEY ? "a master key" : "a passphrase (Argon2id)";
    }
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
    byte[] head = header(key.kind() == MasterKey.Kind.KEY ? null : argon2, salt);
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
    if ((h.kdf() == KDF_MASTER_KEY) != (key.kind() == MasterKey.Kind.KEY)) {
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

  private static byte[] header(Argon2Params argon2, byte[] salt) {
    int p = argon2 == null ? 0 : ARGON2_PARAM_BYTES;
    ByteBuffer b = ByteBuffer.allocate(FIXED + p + SALT_BYTES); // big-endian
    b.put(MAGIC).put((byte) VERSION).put((byte) (argon2 == null ? KDF_MASTER_KEY : KDF_ARGON2ID));
    b.putShort((short) p);
    if (argon2 != null) {
      b.putInt(argon2.memoryKiB()).putInt(argon2.iterations()).putInt(argon2.parallelism());
    }
    return b.put(salt).array();
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
    if (kdf == KDF_KMS) {
      throw damaged(
          file,
          "has its data key wrapped by a KMS (KDF id 3), which this fieldcrypt version does not"
              + " support yet; upgrade fieldcrypt");
    }
    if (kdf != KDF_MASTER_KEY && kdf != KDF_ARGON2ID) {
      throw damaged(
          file,
          "names KDF id "
              + kdf
              + ", which this fieldcrypt does not know (1 master key, 2 passphrase); upgrade"
              + " fieldcrypt, or restore the file from a backup");
    }
    int expected = kdf == KDF_MASTER_KEY ? 0 : ARGON2_PARAM_BYTES;
    if (p != expected) {
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
    return new Header(kdf, argon2, salt, length);
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
    if (h.kdf() == KDF_MASTER_KEY) {
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
