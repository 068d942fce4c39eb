package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch rolled back by a lock timeout (PostgreSQL 55P03, H2 HYT00; deadlocks and serialization
 * failures take the same path) is retried with backoff instead of failing the job.
 */
class TransientErrorRetryTest {
  private Fixture fx;
  private HikariDataSource impatient;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2(), "SET LOCK_TIMEOUT 200"),
        Arguments.of(
            "postgresql",
            TestDatabase.postgres().isolatedSchema("retry"),
            "SET lock_timeout = '200ms'"));
  }

  @AfterEach
  void close() {
    if (impatient != null) {
      impatient.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void lockTimeoutOnARowTheApplicationHolds_isRetried_andTheJobFinishes(
      String name, TestDatabase db, String lockTimeout) throws Exception {
    fx = new Fixture(db).seed(200);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db.url());
    cfg.setUsername(db.user());
    cfg.setPassword(db.password());
    cfg.setConnectionInitSql(lockTimeout);
    cfg.setMaximumPoolSize(4);
    impatient = new HikariDataSource(cfg);
    ReencryptJobs jobs = ReencryptJobs.create(impatient, fx.onV2);

    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeUpdate("UPDATE secrets SET token = token WHERE id = 50");
      }
      CompletableFuture<JobInfo> run =
          CompletableFuture.supplyAsync(
              () ->
                  jobs.start(
                      Fixture.TARGET,
                      JobOptions.builder().batchSize(100).commitEvery(100).build()));
      Thread.sleep(1_500); // several lock timeouts of the job's batch meanwhile
      assertThat(run).isNotDone();
      holder.commit();
      JobInfo job = run.get(60, TimeUnit.SECONDS);

      assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(job.processed()).isEqualTo(200);
      assertThat(job.errors()).isZero();
      assertThat(job.lastError()).isNull();
    }
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 360L, "null", 40L));
  }
}
