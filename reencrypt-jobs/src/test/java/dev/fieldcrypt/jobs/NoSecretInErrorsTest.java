package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failing batch UPDATE: the driver's message quotes the statement with the old plaintext and the
 * new ciphertext; none of it may reach the job table, the returned job or the log-facing text.
 */
class NoSecretInErrorsTest {
  private static final String PLAINTEXT = "hunter2-plain-otp";
  private Fixture fx;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("nosecret")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void valueTooLongForTheColumn_failsTheJob_withTheSqlStateOnly(String name, TestDatabase db) {
    fx = new Fixture(db);
    db.execute(
        "DROP TABLE IF EXISTS narrow",
        "CREATE TABLE narrow (id BIGINT PRIMARY KEY, otp VARCHAR(20))",
        "INSERT INTO narrow (id, otp) VALUES (1, '" + PLAINTEXT + "')");

    JobInfo job =
        fx.jobs()
            .start(
                ReencryptTarget.of("narrow", "id").column("otp"),
                JobOptions.builder().encryptPlaintext(true).build());

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.lastError())
        .contains("SQLState 22001")
        .contains("too long")
        .doesNotContain(PLAINTEXT)
        .doesNotContain("v2:")
        .doesNotContainIgnoringCase("update");
    String stored = fx.jobs().job(job.id()).lastError();
    assertThat(stored).isEqualTo(job.lastError());
    assertThat(fx.count("SELECT COUNT(*) FROM narrow WHERE otp = '" + PLAINTEXT + "'"))
        .as("the row is as it was")
        .isEqualTo(1);
  }
}
