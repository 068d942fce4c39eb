package dev.fieldcrypt.core.internal;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.core.InvalidArgumentException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with a 96-bit nonce and a 128-bit tag over the JDK provider (AES-NI and CLMUL
 * intrinsics). Layout of a sealed value: {@code nonce ‖ ciphertext ‖ tag}. Not API.
 *
 * <p>Callers pass a {@link Cipher} from {@link #newCipher()} that they keep per thread <em>and per
 * key</em>: the JDK re-expands the AES key schedule on every {@code init} with a key other than the
 * last one, which costs more than encrypting a short value. Re-encryption alternates two keys, so
 * one cipher per thread would pay that on every value.
 */
public final class AesGcm {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  private AesGcm() {}

  /** A fresh AES/GCM/NoPadding cipher; keep one per thread and key. */
  public static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new FieldcryptException(
          "this Java runtime has no AES/GCM/NoPadding, which every Java platform must provide;"
              + " check the security providers configured in java.security.",
          e);
    }
  }

  /**
   * Encrypts {@code plaintext} under {@code nonce}; returns {@code nonce ‖ ciphertext ‖ tag}. The
   * nonce must never repeat under one key.
   */
  public static byte[] seal(Cipher c, SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
    if (nonce.length != NONCE_BYTES) {
      throw new InvalidArgumentException(
          "nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
    }
    byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
    sealInto(c, key, nonce, plaintext, aad, out, 0);
    return out;
  }

  /**
   * As {@link #seal}, writing {@code nonce ‖ ciphertext ‖ tag} into {@code out} from {@code offset}
   * (which must have {@code 28 + plaintext.length} bytes left): a caller framing the body saves a
   * copy.
   */
  public static void sealInto(
      Cipher c, SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad, byte[] out, int offset) {
    if (nonce.length != NONCE_BYTES) {
      throw new InvalidArgumentException(
          "nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
    }
    System.arraycopy(nonce, 0, out, offset, NONCE_BYTES);
    try {
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      c.updateAAD(aad);
      c.doFinal(plaintext, 0, plaintext.length, out, offset + NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new FieldcryptException(
          "AES-GCM encryption failed ("
              + e.getClass().getSimpleName()
              + "); the Java runtime's AES provider rejected a 32-byte key or a 12-byte nonce.",
          e);
    }
  }

  /**
   * Decrypts {@code nonce ‖ ciphertext ‖ tag}.
   *
   * @return the plaintext, or {@code null} when the tag does not verify (tampering, wrong key or
   *     wrong associated data); the caller turns that into its typed error
   */
  public static byte[] open(Cipher c, SecretKey key, byte[] sealed, byte[] aad) {
    return open(c, key, sealed, 0, sealed.length, aad);
  }

  /**
   * As {@link #open(Cipher, SecretKey, byte[], byte[])}, on {@code length} bytes from {@code
   * offset}.
   */
  public static byte[] open(
      Cipher c, SecretKey key, byte[] sealed, int offset, int length, byte[] aad) {
    if (length < NONCE_BYTES + TAG_BYTES) {
      return null;
    }
    try {
      c.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES));
      c.updateAAD(aad);
      return c.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new FieldcryptException(
          "AES-GCM decryption failed ("
              + e.getClass().getSimpleName()
              + ") for a reason other than authentication; the Java runtime's AES provider"
              + " rejected the key or the parameters.",
          e);
    }
  }
}
