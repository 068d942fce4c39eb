package dev.fieldcrypt.jobs.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/** A job re-encrypts typed attributes (dates, decimals, UUIDs…) and they read back unchanged. */
class TypedTargetsTest {
  private static SessionFactory factory(TestDatabase db, Keyring keyring) {
    return TestFactories.build(db, keyring, Measurement.class);
  }

  private static List<String> readAll(SessionFactory sf) {
    return sf.fromTransaction(
        s ->
            s
                .createSelectionQuery("from Measurement order by id", Measurement.class)
                .getResultList()
                .stream()
                .map(
                    m ->
                        m.id + "|" + m.day + "|" + m.amount + "|" + m.device + "|" + m.takenAt + "|"
                            + m.count)
                .toList());
  }

  @Test
  void all_listsOneTargetPerEncryptedEntity() {
    TestDatabase db = TestDatabase.h2();
    Keyring k = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    try (SessionFactory sf =
        TestFactories.build(db, k, Measurement.class, Customer.class, Subscriber.class)) {
      List<ReencryptTarget> all = HibernateTargets.all(sf);
      assertThat(all)
          .extracting(ReencryptTarget::table)
          .containsExactlyInAnyOrder("customers", "measurements", "subscribers");
      assertThat(all).contains(HibernateTargets.of(sf, Measurement.class));
      assertThat(all)
          .filteredOn(t -> t.table().equals("subscribers"))
          .singleElement()
          .satisfies(t -> assertThat(t.searchIndexOf("email")).isPresent());
    }
  }

  @Test
  void typedAttributes_reencryptedByAJob_readBackUnchanged() {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("typedjob");
    db.execute("DROP TABLE IF EXISTS measurements");
    KeyVersion v1 = KeyVersion.generate("v1");
    KeyVersion v2 = KeyVersion.generate("v2");
    List<String> before;
    try (SessionFactory old = factory(db, Keyring.of("v1", List.of(v1)))) {
      old.inTransaction(
          s -> {
            for (long i = 1; i <= 50; i++) {
              Measurement m = new Measurement();
              m.id = i;
              m.day = LocalDate.of(2024, 1, 1).plusDays(i);
              m.amount = new BigDecimal("1000.25").multiply(BigDecimal.valueOf(i));
              m.device = new UUID(i, -i);
              m.takenAt = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, (int) i, ZoneOffset.ofHours(2));
              m.count = i % 7 == 0 ? null : (int) -i;
              s.persist(m);
            }
          });
      before = readAll(old);
    }
    Keyring rotated = Keyring.of("v2", List.of(v1, v2));
    try (SessionFactory sf = factory(db, rotated)) {
      FieldcryptSchema.migrate(db.dataSource());
      ReencryptJobs jobs = ReencryptJobs.create(db.dataSource(), FieldCipher.create(rotated));
      ReencryptTarget target = HibernateTargets.of(sf, Measurement.class);
      assertThat(target.columns()).hasSize(5);
      JobInfo job = jobs.start(target, JobOptions.defaults());
      assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(job.errors()).isZero();
      assertThat(jobs.stats(target))
          .allSatisfy(st -> assertThat(st.rowsPerVersion()).containsOnlyKeys("v2"));
      assertThat(readAll(sf)).isEqualTo(before);
    }
  }
}
