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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A searchable column's job killed with kill -9 in the middle, then resumed by another JVM. */
class SearchableCrashResumeTest {
  private static final int ROWS = 3_000;
  @TempDir Path dir;

  @Test
  void killedMidJob_resumesWithTheStoredIndexDefinition_postgres() throws Exception {
    crashAndResume(TestDatabase.postgres().isolatedSchema("crashidx"));
  }

  @Test
  void killedMidJob_resumesWithTheStoredIndexDefinition_h2File() throws Exception {
    crashAndResume(TestDatabase.h2File(dir.resolve("h2")));
  }

  private void crashAndResume(TestDatabase db) throws Exception {
    Fixture fx = new Fixture(db);
    new Users(fx).seed(ROWS, fx.onV1);
    long jobId = fx.jobs().create(Users.TARGET, JobOptions.builder().batchSize(50).build());
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
      while (seen < 1_000 && (line = out.readLine()) != null) {
        if (line.startsWith("PROGRESS ")) {
          seen = Long.parseLong(line.substring(9));
        }
        assertThat(line).as("the child finished before it was killed").isNotEqualTo("DONE");
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen).isGreaterThanOrEqualTo(1_000);

    Fixture after = new Fixture(db, fx.v1, fx.v2);
    try {
      Users users = new Users(after);
      assertThat(users.rows()).anySatisfy(r -> assertThat(r.index()).startsWith("v1$"));
      JobInfo crashed = after.jobs().job(jobId);
      assertThat(crashed.target()).isEqualTo(Users.TARGET);
      JobInfo resumed =
          after
              .jobs()
              .resume(
                  jobId,
                  JobOptions.builder().batchSize(200).leaseTimeout(Duration.ofSeconds(2)).build());
      assertThat(resumed.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(resumed.processed()).isEqualTo(ROWS);
      assertThat(resumed.reencrypted()).isEqualTo(ROWS - ROWS / 10);
      for (Users.Stored r : users.rows()) {
        String plain = r.id() % 10 == 0 ? null : Users.emailOf(r.id());
        assertThat(after.onV2.decrypt(r.value(), Users.CONTEXT)).isEqualTo(plain);
        assertThat(r.index())
            .as("row " + r.id())
            .isEqualTo(after.onV2.blindIndex(plain, Users.CONTEXT, Users.SPEC));
      }
    } finally {
      after.close();
    }
  }
}
