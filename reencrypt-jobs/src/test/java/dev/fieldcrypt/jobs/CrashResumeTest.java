package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import dev.fieldcrypt.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's JVM killed with kill -9 in the middle, then resumed by another. */
class CrashResumeTest {
  private static final int ROWS = 6_000;
  @TempDir Path dir;

  @Test
  void killedMidJob_resumes_everyRowOnTargetAndPlaintextsUnchanged_postgres() throws Exception {
    crashAndResume(TestDatabase.postgres().isolatedSchema("crash"));
  }

  @Test
  void killedMidJob_resumes_everyRowOnTargetAndPlaintextsUnchanged_h2File() throws Exception {
    crashAndResume(TestDatabase.h2File(dir.resolve("h2")));
  }

  private void crashAndResume(TestDatabase db) throws Exception {
    Fixture fx = new Fixture(db).seed(ROWS);
    String before = fx.digest(fx.onV2);
    long jobId = fx.jobs().create(Fixture.TARGET, JobOptions.builder().batchSize(50).build());
    Path keyring = dir.resolve(".env.crypto");
    KeyringFile.write(keyring, Keyring.of("v2", List.of(fx.v1, fx.v2)));
    fx.close(); // H2 files admit one process at a time

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KillableJobMain.class.getName(),
                db.url(),
                db.user(),
                keyring.toString(),
                Long.toString(jobId))
            .redirectErrorStream(true)
            .start();
    long seen = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (seen < 1_500 && (line = out.readLine()) != null) {
        if (line.startsWith("PROGRESS ")) {
          seen = Long.parseLong(line.substring(9));
        }
        assertThat(line).as("the child finished before it was killed").isNotEqualTo("DONE");
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no goodbye
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen).isGreaterThanOrEqualTo(1_500);

    Fixture after = new Fixture(db, fx.v1, fx.v2);
    try {
      JobInfo crashed = after.jobs().job(jobId);
      assertThat(crashed.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(crashed.processed()).isBetween(1_500L, (long) ROWS - 1);
      assertThat(after.versions().get("v1")).isPositive();

      // No sleep: the resume waits for the dead worker's lease itself, says so and until when,
      // and its rate counts from its first claim, not from the wait.
      List<Instant> waits = new CopyOnWriteArrayList<>();
      List<long[]> lastProgress = new CopyOnWriteArrayList<>();
      List<Double> rates = new CopyOnWriteArrayList<>();
      long[] firstProgressNanos = {0};
      ProgressListener listener =
          new ProgressListener() {
            @Override
            public void onProgress(JobProgress p) {
              if (firstProgressNanos[0] == 0) {
                firstProgressNanos[0] = System.nanoTime();
              }
              lastProgress.add(new long[] {p.processed()});
              rates.add(p.rowsPerSecond());
            }

            @Override
            public void onWaiting(long id, long chunks, Instant leaseExpires) {
              assertThat(id).isEqualTo(jobId);
              assertThat(chunks).isEqualTo(1);
              waits.add(leaseExpires);
            }
          };
      long t0 = System.nanoTime();
      JobInfo resumed =
          after
              .jobs()
              .resume(
                  jobId,
                  JobOptions.builder()
                      .batchSize(200)
                      .leaseTimeout(Duration.ofSeconds(3))
                      .progress(listener)
                      .build());
      long tEnd = System.nanoTime();

      assertThat(waits).as("said it waits for the dead worker's lease").isNotEmpty();
      assertThat(waits.get(0)).isBefore(Instant.now().plusSeconds(1));
      double waited = (firstProgressNanos[0] - t0) / 1e9;
      assertThat(waited).as("waited for the lease").isGreaterThan(0.8);
      long here = lastProgress.get(lastProgress.size() - 1)[0] - crashed.processed();
      double rateSeconds = here / rates.get(rates.size() - 1);
      assertThat(rateSeconds)
          .as("the rate's clock starts at the first claim, not before the wait")
          .isLessThan((tEnd - firstProgressNanos[0]) / 1e9 + waited / 2);
      assertThat(resumed.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(resumed.processed()).isEqualTo(ROWS);
      assertThat(resumed.reencrypted()).isEqualTo(ROWS);
      assertThat(after.versions())
          .isEqualTo(Map.of("v2", ROWS * 2L - ROWS / 5, "null", (long) ROWS / 5));
      assertThat(after.digest(after.onV2)).isEqualTo(before);
    } finally {
      after.close();
    }
  }
}
