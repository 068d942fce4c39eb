package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three {@code reencrypt --resume} launched together once made three jobs over the same rows, which
 * then reported 99,000 phantom conflicts between themselves. Start-or-resume holds the target's
 * lock row while it looks for a job and creates one: one job, the others join it.
 */
class StartOrResumeRaceTest {
  private static final int ROWS = 6_000;
  private static final int CALLERS = 3;
  private Fixture fx;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("startrace")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void callersStartedTogether_makeOneJobAndAllJoinIt(String name, TestDatabase db)
      throws Exception {
    fx = new Fixture(db).seed(ROWS);
    long nulls = fx.count("SELECT COUNT(*) FROM " + Fixture.TABLE + " WHERE otp IS NULL");
    long jobsBefore = fx.count("SELECT COUNT(*) FROM reencrypt_jobs");
    CyclicBarrier together = new CyclicBarrier(CALLERS);
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    List<Future<JobInfo>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(
          pool.submit(
              () -> {
                ReencryptJobs jobs = fx.jobs(); // a facade per caller, as per process
                together.await();
                return jobs.startOrResume(
                    Fixture.TARGET, JobOptions.builder().workers(2).batchSize(100).build());
              }));
    }
    List<JobInfo> ends = new ArrayList<>();
    for (Future<JobInfo> f : results) {
      ends.add(f.get(2, TimeUnit.MINUTES));
    }
    pool.shutdown();

    assertThat(ends).extracting(JobInfo::id).containsOnly(ends.get(0).id());
    assertThat(fx.count("SELECT COUNT(*) FROM reencrypt_jobs")).isEqualTo(jobsBefore + 1);
    JobInfo job = fx.jobs().job(ends.get(0).id());
    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.conflicts()).isZero();
    assertThat(job.errors()).isZero();
    assertThat(job.processed()).isEqualTo(ROWS);
    assertThat(fx.versions()).containsOnlyKeys("v2", "null");
    assertThat(fx.versions().get("null")).isEqualTo(nulls);
  }
}
