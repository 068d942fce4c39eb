package dev.fieldcrypt.benchmarks;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.Argon2Params;
import dev.fieldcrypt.core.dotenv.EncryptedFileKeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How long opening an encrypted keyring file takes, which is what sets the default Argon2id cost
 * ({@link Argon2Params#DEFAULT}, docs/key-sources.md): the first {@code load()} in a fresh JVM (a
 * CLI run, an application's start, before the JIT has compiled Argon2) and the median of later
 * ones, each through a new source (so that no derived key is reused), under a passphrase with the
 * default parameters, a few others, and under a raw master key. Not JMH: the cold figure is the one
 * users wait for, and it exists once per JVM.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.fieldcrypt.benchmarks.EncryptedKeyringLoadTime
 * java -cp ... EncryptedKeyringLoadTime 65536 3 4     # one set of parameters: memory KiB, t, p
 * </pre>
 */
public final class EncryptedKeyringLoadTime {
  private static final int WARM_RUNS = 9;

  private EncryptedKeyringLoadTime() {}

  public static void main(String[] args) throws Exception {
    List<Argon2Params> candidates =
        args.length == 3
            ? List.of(
                Argon2Params.of(
                    Integer.parseInt(args[0]),
                    Integer.parseInt(args[1]),
                    Integer.parseInt(args[2])))
            : List.of(
                Argon2Params.DEFAULT,
                Argon2Params.of(64 * 1024, 3, 4),
                Argon2Params.of(128 * 1024, 3, 4),
                Argon2Params.of(19 * 1024, 2, 1));
    Path dir = Files.createTempDirectory("fieldcrypt-bench");
    Keyring keyring = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    Map<String, String> passEnv =
        Map.of("FIELDCRYPT_MASTER_PASSPHRASE", "correct horse battery staple");
    System.out.printf(
        "java %s, %d CPUs, max heap %d MiB%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    for (Argon2Params p : candidates) {
      Path file = dir.resolve("p" + p.memoryKiB() + "-" + p.iterations() + "-" + p.parallelism());
      EncryptedFileKeySource.builder()
          .file(file)
          .environment(passEnv)
          .argon2(p)
          .build()
          .create(keyring);
      report(p.toString(), file, passEnv);
    }
    byte[] master = new byte[32];
    new java.security.SecureRandom().nextBytes(master);
    Map<String, String> keyEnv =
        Map.of("FIELDCRYPT_MASTER_KEY", Base64.getEncoder().encodeToString(master));
    Path keyFile = dir.resolve("master-key.enc");
    EncryptedFileKeySource.builder().file(keyFile).environment(keyEnv).build().create(keyring);
    report("master key (HKDF-SHA256)", keyFile, keyEnv);
  }

  private static void report(String what, Path file, Map<String, String> env) {
    long first = time(file, env);
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < WARM_RUNS; i++) {
      warm.add(time(file, env));
    }
    Collections.sort(warm);
    System.out.printf(
        "%-40s first load %6.1f ms, then median %6.1f ms (min %.1f, max %.1f)%n",
        what,
        first / 1e6,
        warm.get(WARM_RUNS / 2) / 1e6,
        warm.get(0) / 1e6,
        warm.get(WARM_RUNS - 1) / 1e6);
  }

  private static long time(Path file, Map<String, String> env) {
    long start = System.nanoTime();
    EncryptedFileKeySource.builder().file(file).environment(env).build().load();
    return System.nanoTime() - start;
  }
}
