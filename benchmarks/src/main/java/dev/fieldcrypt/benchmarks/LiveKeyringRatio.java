package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.LiveKeyring;
import java.time.Duration;
import java.util.Arrays;

/**
 * The live/static ratio of {@link LiveKeyringBench}, measured so that load from other processes
 * hits both sides alike: short blocks of static and live decryptions alternate, and the median of
 * the per-round ratios is printed. For a noisy (shared) machine, where two JMH runs minutes apart
 * see different loads.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fieldcrypt.benchmarks.LiveKeyringRatio [rounds] [size]
 * </pre>
 */
public final class LiveKeyringRatio {
  private static final int BLOCK = 20_000;
  private static volatile Object sink;

  private LiveKeyringRatio() {}

  /** Runs {@code rounds} (default 200) rounds at a payload of {@code size} bytes (default 64). */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Keyring keyring = Payloads.keyring(3);
    try (LiveKeyring live =
        LiveKeyring.builder(new LiveKeyringBench.FixedSource(keyring))
            .refreshInterval(Duration.ofSeconds(1))
            .build()) {
      live.start();
      FieldCipher fixed = FieldCipher.create(keyring);
      FieldCipher following = FieldCipher.live(live);
      String text = Payloads.ascii(size);
      String stored = fixed.encrypt(text, CONTEXT);
      for (String op : new String[] {"decrypt", "encrypt"}) {
        boolean decrypt = op.equals("decrypt");
        for (int i = 0; i < 20; i++) { // warm-up
          block(fixed, decrypt, text, stored);
          block(following, decrypt, text, stored);
        }
        double[] staticNs = new double[rounds];
        double[] liveNs = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          // alternate which side goes first, so that neither always follows the other
          boolean staticFirst = r % 2 == 0;
          double a = block(staticFirst ? fixed : following, decrypt, text, stored);
          double b = block(staticFirst ? following : fixed, decrypt, text, stored);
          staticNs[r] = staticFirst ? a : b;
          liveNs[r] = staticFirst ? b : a;
          ratio[r] = liveNs[r] / staticNs[r];
        }
        System.out.printf(
            "%s %d B: static %.1f ns/op, live %.1f ns/op (medians of %d rounds), median ratio"
                + " live/static %.4f%n",
            op, size, median(staticNs), median(liveNs), rounds, median(ratio));
      }
    }
  }

  private static double block(FieldCipher c, boolean decrypt, String text, String stored) {
    long t0 = System.nanoTime();
    Object last = null;
    for (int i = 0; i < BLOCK; i++) {
      last = decrypt ? c.decrypt(stored, CONTEXT) : c.encrypt(text, CONTEXT);
    }
    long t1 = System.nanoTime();
    sink = last;
    return (double) (t1 - t0) / BLOCK;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
