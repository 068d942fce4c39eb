package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What key rotation costs at read time, on 64-byte String values: decrypting under a keyring of one
 * version versus one of ten (a value of the oldest and of the active version), and {@code
 * versionOf}, which reads the label without decrypting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RotationBench {
  private static final int SIZE = 64;

  private FieldCipher oneVersion;
  private FieldCipher tenVersions;
  private String text;
  private String oneVersionCiphertext;
  private String oldestCiphertext;
  private String newestCiphertext;

  @Setup
  public void setUp() {
    text = Payloads.ascii(SIZE);
    oneVersion = FieldCipher.create(Payloads.keyring(1));
    oneVersionCiphertext = oneVersion.encrypt(text, CONTEXT);
    Keyring ten = Payloads.keyring(10);
    tenVersions = FieldCipher.create(ten);
    oldestCiphertext = FieldCipher.create(ten.withActive("v1")).encrypt(text, CONTEXT);
    newestCiphertext = tenVersions.encrypt(text, CONTEXT);
    Payloads.check(text.equals(decryptOneVersionKeyring()), "1-version decrypt");
    Payloads.check(text.equals(decryptTenVersionKeyringOldest()), "10-version decrypt, v1");
    Payloads.check(text.equals(decryptTenVersionKeyringNewest()), "10-version decrypt, v10");
    Payloads.check("v1".equals(versionOf()), "versionOf");
  }

  @Benchmark
  public String decryptOneVersionKeyring() {
    return oneVersion.decrypt(oneVersionCiphertext, CONTEXT);
  }

  @Benchmark
  public String decryptTenVersionKeyringOldest() {
    return tenVersions.decrypt(oldestCiphertext, CONTEXT);
  }

  @Benchmark
  public String decryptTenVersionKeyringNewest() {
    return tenVersions.decrypt(newestCiphertext, CONTEXT);
  }

  @Benchmark
  public String versionOf() {
    return tenVersions.versionOf(oldestCiphertext);
  }
}
