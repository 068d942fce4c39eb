package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor: the JDK's {@code AES/GCM/NoPadding} used as well as it can be by hand. One cached
 * {@link Cipher} per thread (JMH thread state), a fresh 12-byte nonce from a per-thread {@link
 * SecureRandom} for every value, the same associated data as fieldcrypt, output {@code nonce ‖
 * ciphertext ‖ tag}.
 *
 * <ul>
 *   <li>{@code *Bytes}: {@code byte[]} in, {@code byte[]} out. No encoding, no key lookup: nothing
 *       a text column could store as is.
 *   <li>{@code *String}: the same plus what storing it in a text column takes when written by hand,
 *       the work fieldcrypt does too: UTF-8, base64 and a {@code v1:} prefix, and back.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JdkAesGcmBench {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String PREFIX = "v1:";
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  @Param({"16", "64", "1024", "16384"})
  int size;

  private Cipher cipher;
  private SecretKey key;
  private SecureRandom random;
  private byte[] aad;
  private String text;
  private byte[] bytes;
  private byte[] sealedBytes;
  private String textCiphertext;

  @Setup
  public void setUp() throws GeneralSecurityException {
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    random = new SecureRandom();
    byte[] k = new byte[32];
    random.nextBytes(k);
    key = new SecretKeySpec(k, "AES");
    aad = CONTEXT.getBytes(StandardCharsets.UTF_8);
    text = Payloads.ascii(size);
    bytes = Payloads.bytes(size);
    sealedBytes = seal(bytes);
    textCiphertext = sealText(text);
    Payloads.check(Arrays.equals(bytes, roundTripBytes()), "JDK byte[] round trip");
    Payloads.check(text.equals(roundTripString()), "JDK String round trip");
  }

  private byte[] seal(byte[] plaintext) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BITS / 8];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(aad);
    cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
    return out;
  }

  private byte[] open(byte[] sealed) throws GeneralSecurityException {
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }

  private String sealText(String plaintext) throws GeneralSecurityException {
    return PREFIX + ENCODER.encodeToString(seal(plaintext.getBytes(StandardCharsets.UTF_8)));
  }

  private String openText(String stored) throws GeneralSecurityException {
    String body = stored.substring(stored.indexOf(':') + 1);
    return new String(open(DECODER.decode(body)), StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] encryptBytes() throws GeneralSecurityException {
    return seal(bytes);
  }

  @Benchmark
  public byte[] decryptBytes() throws GeneralSecurityException {
    return open(sealedBytes);
  }

  @Benchmark
  public byte[] roundTripBytes() throws GeneralSecurityException {
    return open(seal(bytes));
  }

  @Benchmark
  public String encryptString() throws GeneralSecurityException {
    return sealText(text);
  }

  @Benchmark
  public String decryptString() throws GeneralSecurityException {
    return openText(textCiphertext);
  }

  @Benchmark
  public String roundTripString() throws GeneralSecurityException {
    return openText(sealText(text));
  }
}
