package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.testing.TestDatabase;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The job engine on H2 and on the real PostgreSQL. */
class ReencryptJobsTest {
  private Fixture fx;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("jobs")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static JobOptions.Builder opts() {
    return JobOptions.builder().batchSize(100).commitEvery(100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void start_bringsEveryValueToActiveVersion_andKeepsPlaintexts(String name, TestDatabase db) {
    fx = new Fixture(db).seed(1000);
    // a few rows already written by the application under v2
    fx.setRaw("otp", 7L, fx.onV2.encrypt(Fixture.otpOf(7), "secrets.otp"));
    String before = fx.digest(fx.onV2);

    JobInfo job = fx.jobs().start(Fixture.TARGET, opts().build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.total()).isEqualTo(1000);
    assertThat(job.processed()).isEqualTo(1000);
    assertThat(job.reencrypted()).isEqualTo(1000);
    assertThat(job.errors()).isZero();
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 1800L, "null", 200L));
    assertThat(fx.digest(fx.onV2)).isEqualTo(before);
    assertThat(fx.onV2.decrypt(fx.raw("otp", 1L), "secrets.otp")).isEqualTo(Fixture.otpOf(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void longPages_plannedInParallel_giveTheSameResultAsShortOnes(String name, TestDatabase db) {
    // Pages of at least BatchRewriter.PARALLEL_PAGE_ROWS rows, one worker: on a machine with more
    // than one core, their cryptography runs on the fork-join pool.
    fx = new Fixture(db).seed(3000);
    fx.setRaw("otp", 1234L, fx.onV2.encrypt(Fixture.otpOf(1234), "secrets.otp"));
    fx.setRaw("otp", 2001L, "v1:" + "A".repeat(60)); // authenticates under no key
    fx.setRaw("token", 2999L, "not encrypted");

    JobInfo job =
        fx.jobs()
            .start(Fixture.TARGET, JobOptions.builder().batchSize(1000).commitEvery(1000).build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.processed()).isEqualTo(3000);
    assertThat(job.errors()).isEqualTo(2);
    assertThat(job.reencrypted()).isEqualTo(2998);
    assertThat(fx.jobs().errors(job.id(), 10))
        .extracting(JobError::rowId, JobError::column, JobError::reason)
        .containsExactlyInAnyOrder(
            tuple("2001", "otp", "DECRYPTION_FAILED"), tuple("2999", "token", "PLAINTEXT_VALUE"));
    // 6,000 values less 600 nulls: all on v2 but the tampered one and the plaintext.
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 5398L, "v1", 1L, "", 1L, "null", 600L));
    for (long id : new long[] {1, 999, 1000, 1001, 1234, 2000, 2002, 3000}) {
      if (id % 5 != 0) {
        assertThat(fx.onV2.decrypt(fx.raw("otp", id), "secrets.otp")).isEqualTo(Fixture.otpOf(id));
      }
      assertThat(fx.onV2.decrypt(fx.raw("token", id), "secrets.token"))
          .isEqualTo(Fixture.tokenOf(id));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void secondRun_andResumeOfFinishedJob_rewriteNothing(String name, TestDatabase db) {
    fx = new Fixture(db).seed(300);
    ReencryptJobs jobs = fx.jobs();
    JobInfo first = jobs.start(Fixture.TARGET, opts().build());
    JobInfo second = jobs.start(Fixture.TARGET, opts().build());
    assertThat(second.processed()).isEqualTo(300);
    assertThat(second.reencrypted()).isZero();
    assertThat(second.skipped()).isEqualTo(300);
    JobInfo resumed = jobs.resume(first.id(), opts().build());
    assertThat(resumed.processed()).isEqualTo(first.processed());
    assertThat(resumed.status()).isEqualTo(JobStatus.FINISHED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void tamperedAndUnknownVersionRows_landInErrorsTable_jobGoesOn(String name, TestDatabase db) {
    fx = new Fixture(db).seed(500);
    String stored = fx.raw("token", 10L);
    byte[] body = Base64.getDecoder().decode(stored.substring(3));
    body[20] ^= 1;
    fx.setRaw("token", 10L, "v1:" + Base64.getEncoder().encodeToString(body));
    FieldCipher onV0 = FieldCipher.create(Keyring.of("v0", List.of(KeyVersion.generate("v0"))));
    fx.setRaw("otp", 20L, onV0.encrypt("lost", "secrets.otp"));
    fx.setRaw("token", 30L, fx.raw("otp", 31L)); // copied from another column

    ReencryptJobs jobs = fx.jobs();
    JobInfo job = jobs.start(Fixture.TARGET, opts().build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.errors()).isEqualTo(3);
    assertThat(job.reencrypted()).isEqualTo(497);
    List<JobError> errors = jobs.errors(job.id(), 10);
    assertThat(errors)
        .extracting(JobError::rowId, JobError::column, JobError::reason, JobError::keyVersion)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("10", "token", "DECRYPTION_FAILED", "v1"),
            org.assertj.core.groups.Tuple.tuple("20", "otp", "UNKNOWN_VERSION", "v0"),
            org.assertj.core.groups.Tuple.tuple("30", "token", "DECRYPTION_FAILED", "v1"));
    assertThat(errors)
        .allSatisfy(
            e -> assertThat(e.message()).doesNotContain("otp-secret").doesNotContain("token-"));
    // row 20's token was still re-encrypted; its broken otp was left as it was
    assertThat(fx.raw("token", 20L)).startsWith("v2:");
    assertThat(fx.raw("otp", 20L)).startsWith("v0:");

    assertThat(jobs.leftBehind(job))
        .as("the three error rows are reported, not left behind")
        .isZero();

    JobInfo again = jobs.start(Fixture.TARGET, opts().build());
    assertThat(again.reencrypted()).isZero();
    assertThat(again.errors())
        .isEqualTo(3); // still broken, and said so again: never skipped silently
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rowsNotUnderTheVersionAfterAFinishedJob_areCountedAsLeftBehind(
      String name, TestDatabase db) {
    fx = new Fixture(db).seed(300);
    String underV1 = fx.raw("token", 42L);
    ReencryptJobs jobs = fx.jobs();
    JobInfo job = jobs.start(Fixture.TARGET, opts().build());
    assertThat(jobs.leftBehind(job)).isZero();

    fx.setRaw("token", 42L, underV1); // an instance with an older keyring wrote meanwhile
    fx.setRaw("otp", 43L, "JBSWY3DPEHPK3PXP"); // and one wrote a plaintext
    assertThat(jobs.leftBehind(job)).isEqualTo(2);
    assertThat(jobs.leftBehind(jobs.start(Fixture.TARGET, opts().dryRun(true).build())))
        .as("a dry run promises nothing")
        .isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void plaintextValues_areErrorsUnlessPlaintextMigrationIsOn(String name, TestDatabase db) {
    fx = new Fixture(db).seed(200);
    fx.setRaw("otp", 3L, "JBSWY3DPEHPK3PXP");
    fx.setRaw("otp", 4L, "note: not a ciphertext");
    JobInfo strict = fx.jobs().start(Fixture.TARGET, opts().build());
    assertThat(strict.errors()).isEqualTo(2);
    assertThat(fx.jobs().errors(strict.id(), 10))
        .extracting(JobError::reason)
        .containsOnly("PLAINTEXT_VALUE");
    assertThat(fx.raw("otp", 3L)).isEqualTo("JBSWY3DPEHPK3PXP");

    JobInfo migrate = fx.jobs().start(Fixture.TARGET, opts().encryptPlaintext(true).build());
    assertThat(migrate.errors()).isZero();
    assertThat(migrate.reencrypted()).isEqualTo(2);
    assertThat(fx.onV2.decrypt(fx.raw("otp", 3L), "secrets.otp")).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(fx.onV2.decrypt(fx.raw("otp", 4L), "secrets.otp"))
        .isEqualTo("note: not a ciphertext");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void damagedCiphertexts_areMalformedErrors_neverEncryptedAsPlaintext(
      String name, TestDatabase db) {
    fx = new Fixture(db).seed(50);
    String intact = fx.raw("otp", 6L);
    fx.setRaw("otp", 6L, intact.substring(0, 20)); // v1: with a truncated body
    fx.setRaw("otp", 7L, "v9:AAAA"); // the shape of a generated label, not in the keyring
    fx.setRaw("otp", 8L, "https://example.com/a:b"); // plaintext with colons
    JobInfo job = fx.jobs().start(Fixture.TARGET, opts().encryptPlaintext(true).build());

    assertThat(fx.jobs().errors(job.id(), 10))
        .extracting(JobError::rowId, JobError::reason, JobError::keyVersion)
        .containsExactlyInAnyOrder(
            tuple("6", "MALFORMED_CIPHERTEXT", "v1"), tuple("7", "MALFORMED_CIPHERTEXT", "v9"));
    assertThat(fx.raw("otp", 6L)).isEqualTo(intact.substring(0, 20));
    assertThat(fx.raw("otp", 7L)).isEqualTo("v9:AAAA");
    assertThat(fx.onV2.decrypt(fx.raw("otp", 8L), "secrets.otp"))
        .isEqualTo("https://example.com/a:b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void dryRun_countsButWritesNothingButItsJobRecord(String name, TestDatabase db) {
    fx = new Fixture(db).seed(250);
    fx.setRaw("otp", 1L, "plain");
    Map<String, Long> before = fx.versions();
    JobInfo job = fx.jobs().start(Fixture.TARGET, opts().dryRun(true).build());
    assertThat(job.dryRun()).isTrue();
    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.reencrypted()).isEqualTo(249);
    assertThat(job.errors()).isEqualTo(1);
    assertThat(fx.versions()).isEqualTo(before);
    assertThat(fx.count("SELECT COUNT(*) FROM reencrypt_job_errors")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void maxErrorsExceeded_failsJobWithReason_resumeAfterFixFinishes(String name, TestDatabase db) {
    fx = new Fixture(db).seed(400);
    for (long id = 1; id <= 5; id++) {
      fx.setRaw("token", id, "plain-" + id);
    }
    ReencryptJobs jobs = fx.jobs();
    JobInfo failed = jobs.start(Fixture.TARGET, opts().maxErrors(2).build());
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.lastError())
        .contains("5 rows could not be re-encrypted")
        .contains("limit of 2");
    for (long id = 1; id <= 5; id++) {
      fx.setRaw("token", id, fx.onV2.encrypt(Fixture.tokenOf(id), "secrets.token"));
    }
    JobInfo resumed = jobs.resume(failed.id(), opts().build());
    assertThat(resumed.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(fx.versions()).doesNotContainKey("v1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void pause_stopsAfterCurrentBatch_resumeLatestFinishes(String name, TestDatabase db) {
    fx = new Fixture(db).seed(1000);
    ReencryptJobs jobs = fx.jobs();
    AtomicBoolean paused = new AtomicBoolean();
    JobInfo stopped =
        jobs.start(
            Fixture.TARGET,
            opts()
                .progress(
                    p -> {
                      if (p.processed() >= 300 && paused.compareAndSet(false, true)) {
                        jobs.pause(p.jobId());
                      }
                    })
                .build());
    assertThat(stopped.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(stopped.processed()).isBetween(300L, 499L);
    assertThat(fx.versions().get("v1")).isPositive();

    JobInfo done = jobs.resumeLatest(Fixture.TARGET, opts().build()).orElseThrow();
    assertThat(done.id()).isEqualTo(stopped.id());
    assertThat(done.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(done.processed()).isEqualTo(1000);
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 1800L, "null", 200L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void cancel_isFinal_andListAndCleanupSeeIt(String name, TestDatabase db) {
    fx = new Fixture(db).seed(100);
    ReencryptJobs jobs = fx.jobs();
    long id = jobs.create(Fixture.TARGET, opts().build());
    assertThat(jobs.list(JobStatus.PENDING, 10)).extracting(JobInfo::id).containsExactly(id);
    assertThat(jobs.cancel(id)).isTrue();
    assertThat(jobs.resume(id, opts().build()).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(fx.versions().get("v1")).isEqualTo(180L);
    long finished = jobs.start(Fixture.TARGET, opts().build()).id();
    assertThat(jobs.list(null, 10)).extracting(JobInfo::id).containsExactly(finished, id);
    assertThat(jobs.cleanup(Duration.ofDays(7), Duration.ofDays(7), false)).isEmpty();
    assertThat(jobs.cleanup(Duration.ofSeconds(-1), Duration.ofDays(7), true))
        .containsExactly(id, finished);
    assertThat(jobs.cleanup(Duration.ofSeconds(-1), Duration.ofDays(7), false))
        .containsExactly(id, finished);
    assertThat(jobs.list(null, 10)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void stats_countsRowsPerVersionPlaintextAndNulls(String name, TestDatabase db) {
    fx = new Fixture(db).seed(100);
    fx.setRaw("otp", 1L, "plain");
    fx.setRaw("otp", 2L, fx.onV2.encrypt("x", "secrets.otp"));
    List<TargetStats> stats = fx.jobs().stats(Fixture.TARGET);
    assertThat(stats.get(0).column()).isEqualTo("otp");
    assertThat(stats.get(0).rowsPerVersion()).isEqualTo(Map.of("v1", 78L, "v2", 1L));
    assertThat(stats.get(0).plaintextRows()).isEqualTo(1);
    assertThat(stats.get(0).nullRows()).isEqualTo(20);
    assertThat(stats.get(1).rowsPerVersion()).isEqualTo(Map.of("v1", 100L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void uuidAndTextIds_arePagedInTheirOwnOrder(String name, TestDatabase db) {
    fx = new Fixture(db);
    for (String[] kind : new String[][] {{"UUID", "UUID"}, {"VARCHAR(40)", "TEXT"}}) {
      fx.seed(450, kind[0], kind[1]);
      String before = fx.digest(fx.onV2);
      JobInfo job =
          fx.jobs().start(Fixture.TARGET, opts().workers(db.isPostgres() ? 3 : 1).build());
      assertThat(job.status()).as(kind[1]).isEqualTo(JobStatus.FINISHED);
      assertThat(job.processed()).as(kind[1]).isEqualTo(450);
      assertThat(fx.versions()).as(kind[1]).isEqualTo(Map.of("v2", 810L, "null", 90L));
      assertThat(fx.digest(fx.onV2)).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void badTargets_failClearly(String name, TestDatabase db) {
    fx = new Fixture(db).seed(10);
    ReencryptJobs jobs = fx.jobs();
    assertThatThrownBy(
            () -> jobs.start(ReencryptTarget.of("secrets", "id").column("nope"), opts().build()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("does not match the database");
    assertThatThrownBy(() -> jobs.start(ReencryptTarget.of("secrets", "id"), opts().build()))
        .isInstanceOf(dev.fieldcrypt.core.InvalidArgumentException.class)
        .hasMessageContaining("names no encrypted column");
    assertThatThrownBy(() -> ReencryptTarget.of("secrets; drop table x", "id"))
        .isInstanceOf(dev.fieldcrypt.core.InvalidArgumentException.class)
        .hasMessageContaining("invalid table name");
    assertThatThrownBy(() -> jobs.resume(424242, opts().build()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("no re-encryption job with id 424242");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void resumeUnderKeyringWithOtherActiveVersion_isRefused(String name, TestDatabase db) {
    fx = new Fixture(db).seed(10);
    long id = fx.jobs().create(Fixture.TARGET, opts().build());
    ReencryptJobs onV1 = ReencryptJobs.create(fx.dataSource, fx.onV1);
    assertThatThrownBy(() -> onV1.resume(id, opts().build()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining(
            "re-encrypts to version 'v2' but the keyring's active version is 'v1'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rewriteUnchanged_baseline_writesEveryValueBackAsIs(String name, TestDatabase db) {
    fx = new Fixture(db).seed(300);
    String rawBefore = fx.raw("token", 5L);
    Map<String, Long> before = fx.versions();
    JobInfo job = fx.jobs().start(Fixture.TARGET, opts().rewriteUnchanged(true).build());
    assertThat(job.reencrypted()).isEqualTo(300);
    assertThat(fx.versions()).isEqualTo(before);
    assertThat(fx.raw("token", 5L)).isEqualTo(rawBefore);
  }
}
