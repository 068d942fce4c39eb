package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.testing.TestDatabase;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset paging needs an id that is unique by itself; anything else is refused before a job is
 * created (a composite key's first column once left 1,500 of 5,000 rows behind with exit 0).
 */
class UniqueIdTest {
  private Fixture fx;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("uniqueid")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void compositeKeyOrNoKey_isRefusedBeforeAJobExists(String name, TestDatabase db) {
    fx = new Fixture(db);
    db.execute(
        "DROP TABLE IF EXISTS pairs",
        "CREATE TABLE pairs (a BIGINT NOT NULL, b BIGINT NOT NULL, otp VARCHAR(200),"
            + " PRIMARY KEY (a, b))",
        "DROP TABLE IF EXISTS loose",
        "CREATE TABLE loose (id BIGINT, otp VARCHAR(200))");
    ReencryptJobs jobs = fx.jobs();
    long before = jobs.list(null, 1000).size();

    assertThatThrownBy(
            () -> jobs.start(ReencryptTarget.of("pairs", "a").column("otp"), JobOptions.defaults()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("pairs.a is not unique by itself")
        .hasMessageContaining("the primary key is (a, b)")
        .hasMessageContaining("composite keys are not supported");
    assertThatThrownBy(
            () ->
                jobs.start(ReencryptTarget.of("loose", "id").column("otp"), JobOptions.defaults()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("has no primary key");
    assertThat(jobs.list(null, 1000)).hasSize((int) before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void uniqueIndexOnTheIdAlone_isAccepted(String name, TestDatabase db) {
    fx = new Fixture(db);
    db.execute(
        "DROP TABLE IF EXISTS keyed",
        "CREATE TABLE keyed (pk BIGINT PRIMARY KEY, ext BIGINT NOT NULL, otp VARCHAR(200))",
        "CREATE UNIQUE INDEX keyed_ext ON keyed (ext)",
        "INSERT INTO keyed (pk, ext, otp) VALUES (1, 10, NULL)");
    JobInfo job =
        fx.jobs().start(ReencryptTarget.of("keyed", "ext").column("otp"), JobOptions.defaults());
    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.processed()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void nonTextColumnOrIdPastLong_isRefusedBeforeAJobExists(String name, TestDatabase db) {
    fx = new Fixture(db);
    db.execute(
        "DROP TABLE IF EXISTS typed",
        "CREATE TABLE typed (id BIGINT PRIMARY KEY, n INT, otp VARCHAR(200))",
        "DROP TABLE IF EXISTS wide",
        "CREATE TABLE wide (id NUMERIC(30,0) PRIMARY KEY, otp VARCHAR(200))");
    ReencryptJobs jobs = fx.jobs();
    assertThatThrownBy(
            () -> jobs.start(ReencryptTarget.of("typed", "id").column("n"), JobOptions.defaults()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("typed.n has type")
        .hasMessageContaining("character columns");
    assertThatThrownBy(
            () -> jobs.start(ReencryptTarget.of("wide", "id").column("otp"), JobOptions.defaults()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("(30,0)")
        .hasMessageContaining("64-bit");
  }
}
