package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Several workers, several "processes", and the application writing while a job runs. */
class ConcurrencyTest {
  private Fixture fx;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("conc")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Counts every UPDATE of a row, so "exactly once" is measured by the database itself. */
  private void auditUpdates() {
    fx.db.execute(
        "CREATE TABLE update_audit (id BIGINT NOT NULL)",
        "CREATE FUNCTION audit_update() RETURNS trigger AS $$ BEGIN INSERT INTO update_audit VALUES (NEW.id);"
            + " RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER secrets_audit AFTER UPDATE ON secrets FOR EACH ROW EXECUTE FUNCTION audit_update()");
  }

  @Test
  void fourWorkers_rewriteEveryRowExactlyOnce_postgres() {
    fx = new Fixture(TestDatabase.postgres().isolatedSchema("four")).seed(20_000);
    auditUpdates();
    String before = fx.digest(fx.onV2);
    Map<String, Boolean> threads = new ConcurrentHashMap<>();
    JobInfo job =
        fx.jobs()
            .start(
                Fixture.TARGET,
                JobOptions.builder()
                    .batchSize(250)
                    .workers(4)
                    .progress(
                        p ->
                            threads.put(
                                Thread.currentThread().getName() + Thread.currentThread().getId(),
                                true))
                    .build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.processed()).isEqualTo(20_000);
    assertThat(job.reencrypted()).isEqualTo(20_000);
    assertThat(fx.count("SELECT COUNT(*) FROM update_audit")).isEqualTo(20_000);
    assertThat(fx.count("SELECT COUNT(DISTINCT id) FROM update_audit")).isEqualTo(20_000);
    assertThat(fx.count("SELECT COUNT(*) FROM reencrypt_job_chunks WHERE job_id = " + job.id()))
        .isEqualTo(17);
    assertThat(
            fx.count(
                "SELECT SUM(reencrypted_rows) FROM reencrypt_job_chunks WHERE job_id = "
                    + job.id()))
        .isEqualTo(20_000);
    assertThat(
            fx.count(
                "SELECT COUNT(DISTINCT worker_id) FROM reencrypt_job_chunks WHERE job_id = "
                    + job.id()))
        .isGreaterThan(1);
    assertThat(threads).hasSizeGreaterThan(1);
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 36_000L, "null", 4_000L));
    assertThat(fx.digest(fx.onV2)).isEqualTo(before);
  }

  @Test
  void twoProcessesShareOneJob_throughTheDatabaseOnly_postgres() {
    fx = new Fixture(TestDatabase.postgres().isolatedSchema("share")).seed(12_000);
    auditUpdates();
    ReencryptJobs processA = fx.jobs();
    ReencryptJobs processB = ReencryptJobs.create(fx.dataSource, fx.onV2);
    JobOptions two = JobOptions.builder().batchSize(200).workers(2).build();
    long id = processA.create(Fixture.TARGET, two);
    CompletableFuture<JobInfo> a =
        CompletableFuture.supplyAsync(
            () ->
                processA.resume(
                    id,
                    JobOptions.builder()
                        .batchSize(200)
                        .workers(2)
                        .workerName("machine-a")
                        .build()));
    CompletableFuture<JobInfo> b =
        CompletableFuture.supplyAsync(
            () ->
                processB.resume(
                    id,
                    JobOptions.builder()
                        .batchSize(200)
                        .workers(2)
                        .workerName("machine-b")
                        .build()));
    assertThat(a.join().status()).isEqualTo(JobStatus.FINISHED);
    assertThat(b.join().status()).isEqualTo(JobStatus.FINISHED);
    assertThat(fx.count("SELECT COUNT(*) FROM update_audit")).isEqualTo(12_000);
    assertThat(fx.count("SELECT COUNT(DISTINCT id) FROM update_audit")).isEqualTo(12_000);
    assertThat(processA.job(id).reencrypted()).isEqualTo(12_000);
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 21_600L, "null", 2_400L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void applicationWritesDuringJob_areNeverLost(String name, TestDatabase db) throws Exception {
    int rows = 6_000;
    fx = new Fixture(db).seed(rows);
    Map<Long, String> lastWritten = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    Runnable writer =
        () -> {
          Random random = new Random();
          try (Connection c = fx.dataSource.getConnection();
              PreparedStatement ps =
                  c.prepareStatement("UPDATE secrets SET otp = ? WHERE id = ?")) {
            while (!stop.get()) {
              long id = 1 + random.nextInt(rows);
              String value = "app-" + id + "-" + random.nextInt(1_000_000);
              synchronized (lastWritten) {
                // the application writes through @Encrypted: the keyring's active version
                ps.setString(1, fx.onV2.encrypt(value, "secrets.otp"));
                ps.setLong(2, id);
                ps.executeUpdate();
                lastWritten.put(id, value);
              }
              writes.incrementAndGet();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    CompletableFuture<Void> w1 = CompletableFuture.runAsync(writer);
    CompletableFuture<Void> w2 = CompletableFuture.runAsync(writer);
    JobInfo job =
        fx.jobs()
            .start(
                Fixture.TARGET,
                JobOptions.builder().batchSize(100).workers(db.isPostgres() ? 3 : 1).build());
    stop.set(true);
    w1.join();
    w2.join();

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(writes.get()).isGreaterThan(50);
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, otp FROM secrets ORDER BY id")) {
      while (rs.next()) {
        long id = rs.getLong(1);
        String expected = lastWritten.getOrDefault(id, id % 5 == 0 ? null : Fixture.otpOf(id));
        assertThat(fx.onV2.decrypt(rs.getString(2), "secrets.otp"))
            .as("row " + id)
            .isEqualTo(expected);
      }
    }
    assertThat(fx.versions()).doesNotContainKey("v1");
  }
}
