package dev.fieldcrypt.jobs.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ReencryptJobException;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.jobs.TargetStats;
import dev.fieldcrypt.testing.TestDatabase;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/** A target from the entity metamodel equals the hand-written one, and a job run with it works. */
class HibernateTargetsTest {
  private static SessionFactory factory(TestDatabase db, Keyring keyring) {
    return TestFactories.build(db, keyring, Customer.class);
  }

  @Test
  void fromEntity_agreesWithAnnotationRules_andDrivesAJob() {
    TestDatabase db = TestDatabase.h2();
    KeyVersion v1 = KeyVersion.generate("v1");
    KeyVersion v2 = KeyVersion.generate("v2");
    try (SessionFactory old = factory(db, Keyring.of("v1", List.of(v1)))) {
      old.inTransaction(
          s -> {
            for (long i = 1; i <= 120; i++) {
              s.persist(new Customer(i, "otp" + i, i % 3 == 0 ? null : "note " + i));
            }
          });
      ReencryptTarget fromEntity = HibernateTargets.of(old, Customer.class);
      ReencryptTarget byHand =
          ReencryptTarget.of("customers", "customer_id")
              .column("otpSecret") // Hibernate's default naming keeps the attribute name
              .column("notes_v2", "customers.notes");
      assertThat(fromEntity).isEqualTo(byHand);
      assertThat(fromEntity.contextOf("otpSecret")).isEqualTo("customers.otpsecret");
      assertThat(HibernateTargets.of(old, Customer.class, "notes").columns())
          .containsExactly("notes_v2");
      assertThatThrownBy(() -> HibernateTargets.of(old, Customer.class, "name"))
          .isInstanceOf(ReencryptJobException.class)
          .hasMessageContaining("Customer.name is not an @Encrypted attribute");
    }
    Keyring rotated = Keyring.of("v2", List.of(v1, v2));
    try (SessionFactory sf = factory(db, rotated)) {
      var ds = db.dataSource();
      dev.fieldcrypt.db.FieldcryptSchema.migrate(ds);
      ReencryptJobs jobs =
          ReencryptJobs.create(ds, dev.fieldcrypt.core.FieldCipher.create(rotated));
      JobInfo job = jobs.start(HibernateTargets.of(sf, Customer.class), JobOptions.defaults());
      assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(job.reencrypted()).isEqualTo(120);
      assertThat(job.errors()).isZero();
      List<TargetStats> stats = jobs.stats(HibernateTargets.of(sf, Customer.class));
      assertThat(stats).allSatisfy(st -> assertThat(st.rowsPerVersion()).containsOnlyKeys("v2"));
      assertThat(stats)
          .filteredOn(st -> st.column().equals("notes_v2"))
          .singleElement()
          .satisfies(st -> assertThat(st.nullRows()).isEqualTo(40));
      Customer c = sf.fromTransaction(s -> s.find(Customer.class, 7L));
      assertThat(c.otpSecret).isEqualTo("otp7");
      assertThat(c.notes).isEqualTo("note 7");
    }
  }
}
