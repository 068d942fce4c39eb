package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import dev.fieldcrypt.core.FieldCipher;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
 * fieldcrypt through its public API, exactly what the Hibernate converter pays per value: UTF-8
 * encoding (String variants), a random nonce, AES-256-GCM with the context as associated data,
 * base64 and the {@code v1:} version prefix; decryption parses the prefix, looks the version up,
 * decodes base64 and authenticates. Both variants produce or consume the stored String.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FieldcryptBench {
  @Param({"16", "64", "1024", "16384"})
  int size;

  private FieldCipher cipher;
  private String text;
  private byte[] bytes;
  private String textCiphertext;
  private String bytesCiphertext;
  private byte[] binaryCiphertext;

  @Setup
  public void setUp() {
    cipher = FieldCipher.create(Payloads.keyring(1));
    text = Payloads.ascii(size);
    bytes = Payloads.bytes(size);
    textCiphertext = cipher.encrypt(text, CONTEXT);
    bytesCiphertext = cipher.encrypt(bytes, CONTEXT);
    binaryCiphertext = cipher.encryptToBinary(bytes, CONTEXT);
    Payloads.check(Arrays.equals(bytes, roundTripBinary()), "fieldcrypt binary round trip");
    Payloads.check(text.equals(roundTripString()), "fieldcrypt String round trip");
    Payloads.check(Arrays.equals(bytes, roundTripBytes()), "fieldcrypt byte[] round trip");
    Payloads.check(textCiphertext.startsWith("v1:"), "fieldcrypt version prefix");
  }

  @Benchmark
  public String encryptString() {
    return cipher.encrypt(text, CONTEXT);
  }

  @Benchmark
  public String decryptString() {
    return cipher.decrypt(textCiphertext, CONTEXT);
  }

  @Benchmark
  public String roundTripString() {
    return cipher.decrypt(cipher.encrypt(text, CONTEXT), CONTEXT);
  }

  @Benchmark
  public String encryptBytes() {
    return cipher.encrypt(bytes, CONTEXT);
  }

  @Benchmark
  public byte[] decryptBytes() {
    return cipher.decryptBytes(bytesCiphertext, CONTEXT);
  }

  @Benchmark
  public byte[] roundTripBytes() {
    return cipher.decryptBytes(cipher.encrypt(bytes, CONTEXT), CONTEXT);
  }

  /** The binary stored form (a bytea column): no base64. */
  @Benchmark
  public byte[] encryptBinary() {
    return cipher.encryptToBinary(bytes, CONTEXT);
  }

  @Benchmark
  public byte[] decryptBinary() {
    return cipher.decryptBinary(binaryCiphertext, CONTEXT);
  }

  @Benchmark
  public byte[] roundTripBinary() {
    return cipher.decryptBinary(cipher.encryptToBinary(bytes, CONTEXT), CONTEXT);
  }
}
