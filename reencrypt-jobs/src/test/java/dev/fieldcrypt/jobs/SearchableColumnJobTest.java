package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A job on a searchable column writes value and blind index together, and backfills the index. */
class SearchableColumnJobTest {
  private Fixture fx;
  private Users users;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("search")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void open(TestDatabase db) {
    fx = new Fixture(db);
    users = new Users(fx);
  }

  private static JobOptions.Builder opts() {
    return JobOptions.builder().batchSize(100).commitEvery(100);
  }

  /** Every value under v2 decrypting to {@code plaintext}, its index that of the plaintext. */
  private void assertEveryRowOnV2(Map<Long, String> plaintexts, BlindIndex spec) {
    for (Users.Stored r : users.rows()) {
      String plain = plaintexts.containsKey(r.id()) ? plaintexts.get(r.id()) : seeded(r.id());
      if (plain == null) {
        assertThat(r.value()).as("row " + r.id()).isNull();
        assertThat(r.index()).as("row " + r.id()).isNull();
        continue;
      }
      assertThat(r.value()).as("row " + r.id()).startsWith("v2:");
      assertThat(fx.onV2.decrypt(r.value(), Users.CONTEXT)).as("row " + r.id()).isEqualTo(plain);
      assertThat(r.index())
          .as("row " + r.id())
          .isEqualTo(fx.onV2.blindIndex(plain, Users.CONTEXT, spec));
    }
  }

  private static String seeded(long id) {
    return id % 10 == 0 ? null : Users.emailOf(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rotation_writesValueAndIndexUnderTheNewVersion(String name, TestDatabase db) {
    open(db);
    users.seed(1000, fx.onV1);
    assertThat(users.row(1).index()).startsWith("v1$");

    JobInfo job = fx.jobs().start(Users.TARGET, opts().workers(db.isPostgres() ? 2 : 1).build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.processed()).isEqualTo(1000);
    assertThat(job.reencrypted()).isEqualTo(900);
    assertThat(job.skipped()).isEqualTo(100);
    assertThat(job.target()).isEqualTo(Users.TARGET);
    assertEveryRowOnV2(Map.of(), Users.SPEC);
    assertThat(fx.jobs().leftBehind(job)).isZero();
    // the application's lookup finds a row by any spelling the normalization folds
    assertThat(users.row(42).index())
        .isEqualTo(fx.onV2.blindIndex("user42@example.com", Users.CONTEXT, Users.SPEC));

    JobInfo again = fx.jobs().start(Users.TARGET, opts().build());
    assertThat(again.reencrypted()).as("a second run finds nothing to do").isZero();
    assertThat(again.skipped()).isEqualTo(1000);

    // an instance that does not write the index yet, one with the old keyring, a stale index
    users.set(5, users.row(5).value(), null);
    users.set(6, users.row(6).value(), fx.onV1.blindIndex(seeded(6), Users.CONTEXT, Users.SPEC));
    users.set(10, null, users.row(11).index());
    assertThat(fx.jobs().leftBehind(again)).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void backfill_fillsMissingAndStaleIndexes_leavesCurrentOnesAlone(String name, TestDatabase db) {
    open(db);
    users.seed(300, fx.onV2);
    String current = users.row(1).value();
    String currentIndex = users.row(1).index();
    for (long id = 2; id <= 300; id++) {
      String plain = seeded(id);
      if (plain == null) {
        continue;
      }
      switch ((int) (id % 5)) {
        case 0 -> users.set(id, users.row(id).value(), null); // search added: no index yet
        case 1 ->
            users.set(
                id, users.row(id).value(), fx.onV1.blindIndex(plain, "users.email", Users.SPEC));
        case 2 -> users.set(id, users.row(id).value(), "v2$" + "A".repeat(3)); // not this spec's
        case 3 -> users.set(id, fx.onV1.encrypt(plain, Users.CONTEXT), null); // v1, no index
        default -> {} // current value and index
      }
    }
    users.set(10, null, fx.onV2.blindIndex("gone@example.com", Users.CONTEXT, Users.SPEC));
    assertThat(fx.jobs().stats(Users.TARGET))
        .extracting(TargetStats::column)
        .containsExactly("email", "email_bidx");

    JobInfo job = fx.jobs().start(Users.TARGET, opts().build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.errors()).isZero();
    // rows 2..300 with a value, id % 5 in 0..3, plus row 10's stale index of a null value
    long rewritten = 0;
    for (long id = 2; id <= 300; id++) {
      if (seeded(id) != null && id % 5 != 4) {
        rewritten++;
      }
    }
    assertThat(job.reencrypted()).isEqualTo(rewritten + 1);
    assertThat(job.skipped()).isEqualTo(300 - rewritten - 1);
    assertEveryRowOnV2(Map.of(), Users.SPEC);
    assertThat(users.row(1).value()).as("a current row is not written").isEqualTo(current);
    assertThat(users.row(1).index()).isEqualTo(currentIndex);
    assertThat(fx.jobs().leftBehind(job)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void statsAndRetirement_countIndexVersions_anIndexUnderV1KeepsV1(String name, TestDatabase db) {
    open(db);
    users.seed(100, fx.onV2);
    for (long id = 1; id <= 5; id++) {
      users.set(
          id, users.row(id).value(), fx.onV1.blindIndex(seeded(id), "users.email", Users.SPEC));
    }
    users.set(6, users.row(6).value(), "not an index");

    List<TargetStats> stats = fx.jobs().stats(Users.TARGET);

    assertThat(stats.get(0).rowsPerVersion()).isEqualTo(Map.of("v2", 90L));
    assertThat(stats.get(1).column()).isEqualTo("email_bidx");
    assertThat(stats.get(1).rowsPerVersion()).isEqualTo(Map.of("v1", 5L, "v2", 84L));
    assertThat(stats.get(1).damagedRows()).isEqualTo(1);
    assertThat(stats.get(1).nullRows()).isEqualTo(10);
    KeyRetirement plan = KeyRetirement.plan(fx.onV2.keyring(), stats, 1);
    assertThat(plan.inUse())
        .as("the values are all v2; the index still holds v1")
        .containsKey("v1");
    assertThat(plan.removable()).isEmpty();

    fx.jobs().start(Users.TARGET, opts().build());
    List<TargetStats> after = fx.jobs().stats(Users.TARGET);
    assertThat(after.get(1).rowsPerVersion()).isEqualTo(Map.of("v2", 90L));
    assertThat(KeyRetirement.plan(fx.onV2.keyring(), after, 1).removable()).containsExactly("v1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void applicationWritesDuringJob_neverEndWithAValueIndexMismatch(String name, TestDatabase db)
      throws Exception {
    open(db);
    int rows = 4_000;
    users.seed(rows, fx.onV1);
    Map<Long, String> lastWritten = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    Runnable writer =
        () -> {
          Random random = new Random();
          try (Connection c = fx.dataSource.getConnection();
              PreparedStatement ps =
                  c.prepareStatement("UPDATE users SET email = ?, email_bidx = ? WHERE id = ?")) {
            while (!stop.get()) {
              long id = 1 + random.nextInt(rows);
              String value = "App" + id + "-" + random.nextInt(1_000_000) + "@Example.com";
              synchronized (lastWritten) {
                // the application writes value and index under the active version, in one UPDATE
                ps.setString(1, fx.onV2.encrypt(value, Users.CONTEXT));
                ps.setString(2, fx.onV2.blindIndex(value, Users.CONTEXT, Users.SPEC));
                ps.setLong(3, id);
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
    while (writes.get() < 10) {
      Thread.sleep(5);
    }
    int writesBefore = writes.get();
    JobInfo job =
        fx.jobs()
            .start(
                Users.TARGET,
                JobOptions.builder()
                    .batchSize(50)
                    .workers(db.isPostgres() ? 3 : 1)
                    .progress(p -> pause(10)) // leave the writers time to race the job
                    .build());
    int writesDuring = writes.get() - writesBefore;
    stop.set(true);
    w1.join();
    w2.join();

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.errors()).isZero();
    assertThat(writesDuring).isGreaterThan(50);
    assertEveryRowOnV2(lastWritten, Users.SPEC);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void pausedJob_resumesWithItsIndexDefinition_anotherSpecIsAnotherJob(
      String name, TestDatabase db) {
    open(db);
    users.seed(1000, fx.onV1);
    ReencryptJobs jobs = fx.jobs();
    AtomicBoolean paused = new AtomicBoolean();
    JobInfo stopped =
        jobs.start(
            Users.TARGET,
            opts()
                .progress(
                    p -> {
                      if (p.processed() >= 300 && paused.compareAndSet(false, true)) {
                        jobs.pause(p.jobId());
                      }
                    })
                .build());
    assertThat(stopped.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(jobs.job(stopped.id()).target().searchIndexOf("email"))
        .contains(new ReencryptTarget.SearchIndex("email_bidx", Users.SPEC));
    BlindIndex wider = BlindIndex.of(64, Normalization.TRIM, Normalization.LOWERCASE);
    ReencryptTarget widerTarget =
        ReencryptTarget.of("users", "id").column("email").searchIndex("email", "email_bidx", wider);
    assertThat(jobs.latestUnfinished(widerTarget)).as("another index spec").isEmpty();
    assertThat(jobs.latestUnfinished(ReencryptTarget.of("users", "id").column("email")))
        .as("no index at all")
        .isEmpty();

    // a fresh process joins by the target: the same job, the index definition read from the job
    ReencryptJobs other = ReencryptJobs.create(fx.dataSource, fx.onV2);
    JobInfo done = other.startOrResume(Users.TARGET, opts().build());
    assertThat(done.id()).isEqualTo(stopped.id());
    assertThat(done.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(done.processed()).isEqualTo(1000);
    assertEveryRowOnV2(Map.of(), Users.SPEC);

    // changing the index's bits is a new job that recomputes every index
    JobInfo rewidened = other.startOrResume(widerTarget, opts().build());
    assertThat(rewidened.id()).isNotEqualTo(stopped.id());
    assertThat(rewidened.reencrypted()).isEqualTo(900);
    assertEveryRowOnV2(Map.of(), wider);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void plaintextMigration_encryptsAndIndexes(String name, TestDatabase db) {
    open(db);
    users.seed(50, fx.onV1);
    users.set(3, seeded(3), null);
    users.set(4, seeded(4), "v1$stale");

    JobInfo job = fx.jobs().start(Users.TARGET, opts().encryptPlaintext(true).build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.errors()).isZero();
    assertEveryRowOnV2(Map.of(), Users.SPEC);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void tamperedCurrentValue_isAnErrorRow_itsIndexLeftAsItWas(String name, TestDatabase db) {
    open(db);
    users.seed(20, fx.onV2);
    String copied = users.row(2).value();
    String foreign = fx.onV2.encrypt(seeded(3), "users.other"); // another column's value
    users.set(3, foreign, null);

    JobInfo job = fx.jobs().start(Users.TARGET, opts().build());

    assertThat(job.errors()).isEqualTo(1);
    assertThat(fx.jobs().errors(job.id(), 10))
        .extracting(JobError::rowId, JobError::column, JobError::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("3", "email", "DECRYPTION_FAILED"));
    assertThat(users.row(3).value()).isEqualTo(foreign);
    assertThat(users.row(3).index()).isNull();
    assertThat(users.row(2).value()).isEqualTo(copied);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void missingOrNonTextIndexColumn_failsBeforeTheJob_namingTableAndColumn(
      String name, TestDatabase db) {
    open(db);
    users.seed(10, fx.onV1);
    ReencryptTarget typo =
        ReencryptTarget.of("users", "id")
            .column("email")
            .searchIndex("email", "email_bix", Users.SPEC);
    assertThatThrownBy(() -> fx.jobs().start(typo, opts().build()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining(
            "index column users.email_bix (the blind index of email) cannot be read")
        .hasMessageContaining("Add it (VARCHAR(" + BlindIndex.MAX_LENGTH + ")");
    fx.db.execute("ALTER TABLE users ADD COLUMN email_n INTEGER");
    ReencryptTarget numeric =
        ReencryptTarget.of("users", "id")
            .column("email")
            .searchIndex("email", "email_n", Users.SPEC);
    assertThatThrownBy(() -> fx.jobs().verify(numeric))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("index column users.email_n (the blind index of email) has type");
    assertThat(fx.count("SELECT COUNT(*) FROM reencrypt_jobs")).isZero();
    assertThat(users.row(1).value()).startsWith("v1:");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void noKeyPlaintextValueOrIndex_inJobTablesOrMessages(String name, TestDatabase db) {
    open(db);
    users.seed(30, fx.onV1);
    users.set(7, "v1:" + "A".repeat(60), null); // fails to authenticate: an error row
    List<Users.Stored> before = users.rows();

    JobInfo done = fx.jobs().start(Users.TARGET, opts().build());
    assertThat(done.errors()).isEqualTo(1);
    // an index column too narrow for an index: the batch fails with the driver's message, which
    // quotes the statement's parameters
    fx.db.execute(
        "DROP TABLE IF EXISTS narrow",
        "CREATE TABLE narrow (id BIGINT PRIMARY KEY, email VARCHAR(500), email_bidx VARCHAR(5))");
    fx.db.execute(
        "INSERT INTO narrow (id, email) VALUES (1, '"
            + fx.onV1.encrypt(seeded(1), "narrow.email")
            + "')");
    JobInfo failed =
        fx.jobs()
            .start(
                ReencryptTarget.of("narrow", "id")
                    .column("email")
                    .searchIndex("email", "email_bidx", Users.SPEC),
                opts().build());
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.lastError()).contains("SQLState 22001");

    String text = users.jobTablesText() + failed.lastError() + done;
    for (JobError e : fx.jobs().errors(done.id(), 10)) {
      text += e.message() + e;
    }
    for (Users.Stored r : before) {
      String plain = seeded(r.id());
      if (plain != null) {
        assertThat(text).doesNotContain(plain).doesNotContain(plain.strip().toLowerCase());
      }
      if (r.value() != null) {
        assertThat(text).doesNotContain(r.value().substring(3, 30));
      }
      if (r.index() != null) {
        assertThat(text).doesNotContain(r.index().substring(3));
      }
    }
    for (Users.Stored r : users.rows()) {
      if (r.index() != null) {
        assertThat(text).doesNotContain(r.index().substring(3));
        assertThat(r.toString()).isNotNull();
      }
    }
    FieldCipher.Indexed indexed = fx.onV2.encryptIndexed(seeded(1), Users.CONTEXT, Users.SPEC);
    assertThat(Users.TARGET.toString() + indexed)
        .doesNotContain(indexed.value())
        .doesNotContain(indexed.index());
    for (dev.fieldcrypt.core.KeyVersion v : List.of(fx.v1, fx.v2)) {
      byte[] key = v.keyBytes(dev.fieldcrypt.core.SecretKeyAccess.get());
      assertThat(text)
          .doesNotContain(java.util.Base64.getEncoder().encodeToString(key))
          .doesNotContain(java.util.HexFormat.of().formatHex(key));
    }
  }
}
