package dev.fieldcrypt.benchmarks;

import java.util.concurrent.TimeUnit;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
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
 * Jasypt's {@link StandardPBEStringEncryptor} with its defaults, as JPA tutorials configure it
 * (only a password set): {@code PBEWithMD5AndDES}, 1,000 MD5 iterations per value over a random
 * 8-byte salt, base64 output. No associated data, and the key is derived anew for every value. It
 * is a String encryptor, so there are no {@code byte[]} variants.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JasyptBench {
  @Param({"16", "64", "1024", "16384"})
  int size;

  private StandardPBEStringEncryptor encryptor;
  private String text;
  private String textCiphertext;

  @Setup
  public void setUp() {
    encryptor = new StandardPBEStringEncryptor();
    encryptor.setPassword("a benchmark password, not a secret");
    encryptor.initialize();
    text = Payloads.ascii(size);
    textCiphertext = encryptor.encrypt(text);
    Payloads.check(text.equals(roundTripString()), "Jasypt String round trip");
  }

  @Benchmark
  public String encryptString() {
    return encryptor.encrypt(text);
  }

  @Benchmark
  public String decryptString() {
    return encryptor.decrypt(textCiphertext);
  }

  @Benchmark
  public String roundTripString() {
    return encryptor.decrypt(encryptor.encrypt(text));
  }
}
