package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrites at once, by threads and by processes, lose no key version. */
class KeyringFileConcurrencyTest {
  @TempDir Path dir;
  private Path file;

  /** One rotation: the next vN, made active, from the keyring as it is now. */
  static Keyring rotate(Keyring k) {
    return k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel()));
  }

  @BeforeEach
  void writeV1() {
    file = dir.resolve(".env.crypto");
    KeyringFile.write(file, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
  }

  private Keyring reload() {
    return DotenvKeySource.builder().file(file).environment(Map.of()).build().load();
  }

  private static List<String> labels(int upTo) {
    return IntStream.rangeClosed(1, upTo).mapToObj(i -> "v" + i).toList();
  }

  @Test
  void update_manyThreadsAtOnce_everyRotationKeepsItsVersion() throws Exception {
    int threads = 8;
    int each = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<KeyringFile.Updated>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                List<KeyringFile.Updated> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  mine.add(KeyringFile.update(file, KeyringFileConcurrencyTest::rotate));
                }
                return mine;
              }));
    }
    start.countDown();
    List<KeyringFile.Updated> all = new ArrayList<>();
    for (Future<List<KeyringFile.Updated>> f : results) {
      all.addAll(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    Keyring k = reload();
    assertThat(k.labels()).containsExactlyElementsOf(labels(1 + threads * each));
    assertThat(k.activeVersion()).isEqualTo("v" + (1 + threads * each));
    // each update saw the one before it: the backups hold v1, v1..v2, ..., one per rotation
    assertThat(all).extracting(u -> u.after().activeVersion()).doesNotHaveDuplicates();
    assertThat(KeyringBackups.of(file).list()).hasSize(threads * each);
    for (KeyringFile.Updated u : all) {
      assertThat(u.after().labels())
          .containsAll(u.before().labels())
          .hasSize(u.before().labels().size() + 1);
    }
  }

  @Test
  void update_childProcessesAtOnce_everyRotationKeepsItsVersion() throws Exception {
    int processes = 3;
    int each = 10;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> running = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      running.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  RotatingProcess.class.getName(),
                  file.toString(),
                  String.valueOf(each),
                  dir.resolve("ready-" + p).toString(),
                  dir.resolve("go").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child-" + p + ".log").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int p = 0; p < processes; p++) {
      while (!Files.exists(dir.resolve("ready-" + p)) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    Files.createFile(dir.resolve("go"));
    // this JVM rotates at the same time
    for (int i = 0; i < each; i++) {
      KeyringFile.update(file, KeyringFileConcurrencyTest::rotate);
    }
    for (int p = 0; p < processes; p++) {
      assertThat(running.get(p).waitFor(120, TimeUnit.SECONDS)).as("child %d finished", p).isTrue();
      assertThat(running.get(p).exitValue())
          .as("child %d: %s", p, Files.readString(dir.resolve("child-" + p + ".log")))
          .isZero();
    }

    assertThat(reload().labels()).containsExactlyElementsOf(labels(1 + (processes + 1) * each));
  }
}
