package dev.fieldcrypt.jobs.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.hibernate.EncryptedSearch;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.jobs.TargetStats;
import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * The test: 100,000 searchable rows on PostgreSQL, a rotation, a re-encryption job with two
 * workers, and lookups of random known values (HQL equality, rewritten to the index, and {@link
 * EncryptedSearch}) from two threads for the whole job: no lookup misses its row or returns
 * another.
 */
class SearchThroughRotationTest {
  private static final int ROWS = 100_000;
  private static final String CONTEXT = "subscribers.email";
  private static final BlindIndex SPEC =
      BlindIndex.exact(Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE);

  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");

  private static SessionFactory factory(TestDatabase db, Keyring keyring) {
    return TestFactories.build(db, keyring, Subscriber.class);
  }

  private static String email(long id) {
    return "subscriber-" + id + "@example.com";
  }

  /** Lookup counters of one phase. */
  private record Tally(long lookups, long misses, long wrong) {}

  @Test
  void lookupsNeverMissDuringARotationAndItsJob() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("searchrot");
    db.execute("DROP TABLE IF EXISTS subscribers");
    Keyring before = Keyring.of("v1", List.of(v1));
    try (SessionFactory sf = factory(db, before)) {
      seed(db, FieldCipher.create(before));
      Tally t = lookups(sf, 500, new AtomicBoolean(true));
      report("before the rotation", t);
      assertThat(t.misses() + t.wrong()).isZero();
    }

    Keyring rotated = Keyring.of("v2", List.of(v1, v2));
    try (SessionFactory sf = factory(db, rotated)) {
      FieldcryptSchema.migrate(db.dataSource());
      ReencryptJobs jobs = ReencryptJobs.create(db.dataSource(), FieldCipher.create(rotated));
      ReencryptTarget target = HibernateTargets.of(sf, Subscriber.class);
      assertThat(target.searchIndexOf("email")).isPresent();

      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Tally>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          readers.add(pool.submit(() -> lookups(sf, Long.MAX_VALUE, running)));
        }
        JobInfo job;
        try {
          job =
              jobs.start(
                  target, JobOptions.builder().workers(2).batchSize(500).commitEvery(500).build());
        } finally {
          running.set(false);
        }
        long lookups = 0;
        long misses = 0;
        long wrong = 0;
        for (Future<Tally> f : readers) {
          Tally t = f.get();
          lookups += t.lookups();
          misses += t.misses();
          wrong += t.wrong();
        }
        report("during the job (2 workers, 2 lookup threads)", new Tally(lookups, misses, wrong));
        assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(job.reencrypted()).isEqualTo(ROWS);
        assertThat(lookups).as("lookups made while the job ran").isGreaterThan(100);
        assertThat(misses).as("misses").isZero();
        assertThat(wrong).as("wrong rows").isZero();
      } finally {
        pool.shutdownNow();
      }

      List<TargetStats> stats = jobs.stats(target);
      assertThat(stats).allSatisfy(st -> assertThat(st.rowsPerVersion()).containsOnlyKeys("v2"));
      Tally after = lookups(sf, 500, new AtomicBoolean(true));
      report("after the job", after);
      assertThat(after.misses() + after.wrong()).isZero();
    }
  }

  private static void seed(TestDatabase db, FieldCipher cipher) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO subscribers (id, email, email_bidx) VALUES (?, ?, ?)")) {
        for (long id = 1; id <= ROWS; id++) {
          FieldCipher.Indexed v = cipher.encryptIndexed(email(id), CONTEXT, SPEC);
          ps.setLong(1, id);
          ps.setString(2, v.value());
          ps.setString(3, v.index());
          ps.addBatch();
          if (id % 1000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  /**
   * Looks up random known values, alternating HQL equality and EncryptedSearch, upper-cased
   * (normalization), until {@code max} lookups or {@code running} turns false.
   */
  private static Tally lookups(SessionFactory sf, long max, AtomicBoolean running) {
    SplittableRandom random = new SplittableRandom();
    AtomicLong lookups = new AtomicLong();
    long misses = 0;
    long wrong = 0;
    while (lookups.get() < max && running.get()) {
      long id = random.nextLong(1, ROWS + 1L);
      String wanted = email(id).toUpperCase(Locale.ROOT);
      boolean hql = lookups.incrementAndGet() % 2 == 0;
      List<Subscriber> found =
          sf.fromTransaction(
              s ->
                  hql
                      ? s.createSelectionQuery(
                              "from Subscriber s where s.email = :e", Subscriber.class)
                          .setParameter("e", wanted)
                          .getResultList()
                      : EncryptedSearch.find(s, Subscriber.class, "email", wanted));
      if (found.isEmpty()) {
        misses++;
      } else if (found.size() > 1
          || found.get(0).id != id
          || !found.get(0).email.equals(email(id))) {
        wrong++;
      }
    }
    return new Tally(lookups.get(), misses, wrong);
  }

  private static void report(String phase, Tally t) {
    System.out.printf(
        Locale.ROOT,
        "search through rotation, %s: %d lookups, %d misses, %d wrong rows%n",
        phase,
        t.lookups(),
        t.misses(),
        t.wrong());
  }
}
