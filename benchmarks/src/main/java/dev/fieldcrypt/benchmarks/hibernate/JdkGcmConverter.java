package dev.fieldcrypt.benchmarks.hibernate;

import jakarta.persistence.AttributeConverter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reference for {@code @Encrypted}: the AttributeConverter a careful user writes by hand with
 * the JDK's AES-256-GCM, with the same stored form ({@code v1:} + base64 of nonce, ciphertext and
 * tag) and a cipher and random source per thread, but one key for every column and no key versions.
 * Its cost over {@link PlainSecret} is what AES-GCM on this JDK costs per value, the floor for any
 * encrypting converter. A benchmark fixture: the key is random per JVM.
 */
public class JdkGcmConverter implements AttributeConverter<String, String> {
  private static final SecretKey KEY = new SecretKeySpec(randomBytes(32), "AES");
  private static final byte[] AAD = "bench_jdk".getBytes(StandardCharsets.UTF_8);
  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException(e);
            }
          });
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  @Override
  public String convertToDatabaseColumn(String attribute) {
    if (attribute == null) {
      return null;
    }
    try {
      byte[] plain = attribute.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[12 + plain.length + 16];
      byte[] nonce = new byte[12];
      RANDOM.get().nextBytes(nonce);
      System.arraycopy(nonce, 0, out, 0, 12);
      Cipher c = CIPHER.get();
      c.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(128, nonce));
      c.updateAAD(AAD);
      c.doFinal(plain, 0, plain.length, out, 12);
      return "v1:" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String convertToEntityAttribute(String column) {
    if (column == null) {
      return null;
    }
    try {
      byte[] sealed = Base64.getDecoder().decode(column.substring(column.indexOf(':') + 1));
      Cipher c = CIPHER.get();
      c.init(Cipher.DECRYPT_MODE, KEY, new GCMParameterSpec(128, sealed, 0, 12));
      c.updateAAD(AAD);
      return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
