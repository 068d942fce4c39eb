package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Updates of one encrypted keyring file at once, by threads and by processes, lose no version. */
class EncryptedKeyringConcurrencyTest {
  @TempDir Path dir;
  private Path file;
  private final EncryptedFixtures fx = new EncryptedFixtures();

  @BeforeEach
  void writeV1V2() {
    file = dir.resolve("keyring.enc");
    EncryptedKeyringFile.createNew(file, fx.keyring, fx.key(), null);
  }

  private static List<String> labels(int upTo) {
    return IntStream.rangeClosed(1, upTo).mapToObj(i -> "v" + i).toList();
  }

  @Test
  void update_manyThreadsAtOnce_everyRotationKeepsItsVersion() throws Exception {
    int threads = 8;
    int each = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                EncryptedFileKeySource s =
                    EncryptedFileKeySource.builder().file(file).environment(fx.keyEnv()).build();
                for (int i = 0; i < each; i++) {
                  s.update(KeyringFileConcurrencyTest::rotate);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : results) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Keyring k = EncryptedKeyringFile.read(file, fx.key());
    assertThat(k.labels()).containsExactlyElementsOf(labels(2 + threads * each));
    assertThat(KeyringBackups.of(file).list()).hasSize(threads * each);
  }

  @Test
  void update_childProcessesAtOnce_everyRotationKeepsItsVersion() throws Exception {
    int processes = 3;
    int each = 5;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  EncryptedRotatingProcess.class.getName(),
                  file.toString(),
                  String.valueOf(each),
                  dir.resolve("ready-" + p).toString(),
                  dir.resolve("go").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child-" + p + ".log").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put(MasterKey.KEY_VARIABLE, fx.masterKeyBase64);
      running.add(pb.start());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int p = 0; p < processes; p++) {
      while (!Files.exists(dir.resolve("ready-" + p)) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    Files.createFile(dir.resolve("go"));
    for (int i = 0; i < each; i++) {
      EncryptedKeyringFile.update(file, fx.key(), KeyringFileConcurrencyTest::rotate);
    }
    for (int p = 0; p < processes; p++) {
      assertThat(running.get(p).waitFor(120, TimeUnit.SECONDS)).as("child %d finished", p).isTrue();
      assertThat(running.get(p).exitValue())
          .as("child %d: %s", p, Files.readString(dir.resolve("child-" + p + ".log")))
          .isZero();
    }

    assertThat(EncryptedKeyringFile.read(file, fx.key()).labels())
        .containsExactlyElementsOf(labels(2 + (processes + 1) * each));
  }
}
