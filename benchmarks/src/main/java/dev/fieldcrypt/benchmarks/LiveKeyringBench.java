package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.LiveKeyring;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A live cipher ({@link FieldCipher#live}, refreshed every second from an in-memory source that
 * does not change, as in production between rotations) against a static one ({@link
 * FieldCipher#create}) over the same keyring and payload: the cost of following a live keyring on
 * the encrypt and decrypt paths. The ratio live / static of one payload size is the number to watch
 * (goal: decrypt within 2 %).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LiveKeyringBench -f 2 -wi 5 -w 1s -i 10 -r 1s -tu ns -bm avgt
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class LiveKeyringBench {
  @Param({"64", "1024"})
  int size;

  @Param({"static", "live"})
  String cipherKind;

  private LiveKeyring live;
  private FieldCipher cipher;
  private String text;
  private String ciphertext;

  @Setup(Level.Trial)
  public void setUp() {
    Keyring keyring = Payloads.keyring(3);
    if (cipherKind.equals("live")) {
      live =
          LiveKeyring.builder(new FixedSource(keyring))
              .refreshInterval(Duration.ofSeconds(1))
              .build()
              .start();
      cipher = FieldCipher.live(live);
    } else {
      cipher = FieldCipher.create(keyring);
    }
    text = Payloads.ascii(size);
    ciphertext = cipher.encrypt(text, CONTEXT);
    Payloads.check(text.equals(cipher.decrypt(ciphertext, CONTEXT)), "round trip");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (live != null) {
      live.close();
    }
  }

  @Benchmark
  public String encrypt() {
    return cipher.encrypt(text, CONTEXT);
  }

  @Benchmark
  public String decrypt() {
    return cipher.decrypt(ciphertext, CONTEXT);
  }

  /** A source that returns the same keyring every time, like a file between rotations. */
  static final class FixedSource implements KeySource {
    private final Keyring keyring;

    FixedSource(Keyring keyring) {
      this.keyring = keyring;
    }

    @Override
    public Keyring load() {
      return keyring;
    }

    @Override
    public String describe() {
      return "in-memory benchmark source";
    }
  }
}
