package dev.fieldcrypt.benchmarks;

import dev.fieldcrypt.core.FieldCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A row with two encrypted columns, as the Hibernate converter sees it: each column has its own
 * context and so its own data key, and the values alternate between them. Decrypts 64-byte values,
 * two per invocation, reported per value. The JDK variants show what alternating keys cost on one
 * cached {@link Cipher} (the key schedule is recomputed on every key change) versus one cached
 * Cipher per key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ColumnsBench {
  private static final String CONTEXT_A = "users.otp_secret";
  private static final String CONTEXT_B = "users.api_token";
  private static final int NONCE_BYTES = 12;

  private FieldCipher cipher;
  private String a1;
  private String a2;
  private String b;
  private String text;

  private SecretKey keyA;
  private SecretKey keyB;
  private Cipher shared;
  private Cipher forA;
  private Cipher forB;
  private byte[] aadA;
  private byte[] aadB;
  private byte[] sealedA;
  private byte[] sealedB;

  @Setup
  public void setUp() throws GeneralSecurityException {
    text = Payloads.ascii(64);
    cipher = FieldCipher.create(Payloads.keyring(1));
    a1 = cipher.encrypt(text, CONTEXT_A);
    a2 = cipher.encrypt(text, CONTEXT_A);
    b = cipher.encrypt(text, CONTEXT_B);

    SecureRandom random = new SecureRandom();
    keyA = new SecretKeySpec(random.generateSeed(32), "AES");
    keyB = new SecretKeySpec(random.generateSeed(32), "AES");
    shared = Cipher.getInstance("AES/GCM/NoPadding");
    forA = Cipher.getInstance("AES/GCM/NoPadding");
    forB = Cipher.getInstance("AES/GCM/NoPadding");
    aadA = CONTEXT_A.getBytes(StandardCharsets.UTF_8);
    aadB = CONTEXT_B.getBytes(StandardCharsets.UTF_8);
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    sealedA = seal(shared, keyA, aadA, plain, random);
    sealedB = seal(shared, keyB, aadB, plain, random);
    Payloads.check(text.equals(cipher.decrypt(b, CONTEXT_B)), "fieldcrypt two contexts");
    open(forA, keyA, aadA, sealedA);
    open(forB, keyB, aadB, sealedB);
  }

  private static byte[] seal(Cipher c, SecretKey key, byte[] aad, byte[] plain, SecureRandom r)
      throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    r.nextBytes(nonce);
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    byte[] ct = c.doFinal(plain);
    byte[] out = new byte[NONCE_BYTES + ct.length];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
    return out;
  }

  private static byte[] open(Cipher c, SecretKey key, byte[] aad, byte[] sealed)
      throws GeneralSecurityException {
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
    c.updateAAD(aad);
    return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }

  /** Two values of one column: the data key never changes. */
  @Benchmark
  @OperationsPerInvocation(2)
  public int fieldcryptOneColumn() {
    return cipher.decrypt(a1, CONTEXT_A).length() + cipher.decrypt(a2, CONTEXT_A).length();
  }

  /** One value of each of two columns, as in a row: the data key changes every value. */
  @Benchmark
  @OperationsPerInvocation(2)
  public int fieldcryptTwoColumns() {
    return cipher.decrypt(a1, CONTEXT_A).length() + cipher.decrypt(b, CONTEXT_B).length();
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int jdkTwoKeysOneCachedCipher() throws GeneralSecurityException {
    return open(shared, keyA, aadA, sealedA).length + open(shared, keyB, aadB, sealedB).length;
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int jdkTwoKeysCipherPerKey() throws GeneralSecurityException {
    return open(forA, keyA, aadA, sealedA).length + open(forB, keyB, aadB, sealedB).length;
  }
}
