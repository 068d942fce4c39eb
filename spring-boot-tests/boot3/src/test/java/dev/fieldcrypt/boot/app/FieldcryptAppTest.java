package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application with Flyway, on PostgreSQL, with nothing but the keyring file configured. */
@SpringBootTest(classes = DemoApplication.class)
class FieldcryptAppTest {
  static final TestDatabase DB = TestDatabase.postgres().isolatedSchema("boot_app");
  static final Path KEYRING = TestApp.newKeyring();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    for (String p : TestApp.properties(DB, KEYRING)) {
      int eq = p.indexOf('=');
      registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
    }
  }

  @Autowired CustomerRepository customers;
  @Autowired FieldCipher cipher;
  @Autowired EntityManagerFactory entityManagerFactory;
  @Autowired ReencryptJobs jobs;
  @Autowired JobOptions jobOptions;

  @Test
  void findByEmail_findsTheCustomerThroughTheSearchIndex_whileTheColumnHoldsCiphertext()
      throws Exception {
    Customer saved = customers.save(new Customer("ada@example.com", "+44 20 7946 0000"));
    customers.save(new Customer("grace@example.com", "+1 202 555 0100"));

    assertThat(customers.findByEmail("ada@example.com"))
        .hasValueSatisfying(c -> assertThat(c.getPhone()).isEqualTo("+44 20 7946 0000"));
    assertThat(customers.findByEmail("nobody@example.com")).isEmpty();
    assertThat(TestApp.column(DB, "SELECT email FROM customers WHERE id = " + saved.getId()))
        .singleElement()
        .asString()
        .startsWith("v1:")
        .doesNotContain("ada");
    assertThat(TestApp.column(DB, "SELECT phone FROM customers WHERE id = " + saved.getId()))
        .singleElement()
        .asString()
        .startsWith("v1:");
  }

  @Test
  void oneCipher_isWhatHibernateAndTheJobsUse() {
    assertThat(entityManagerFactory.getProperties().get(FieldcryptSettings.CIPHER))
        .isSameAs(cipher);
    assertThat(cipher.activeVersion()).isEqualTo("v1");
    assertThat(jobs).isNotNull();
    assertThat(jobOptions.batchSize()).isEqualTo(500);
  }

  @Test
  void flyway_appliesTheApplicationsMigration_andFieldcryptsTablesKeepTheirOwnHistory()
      throws Exception {
    assertThat(TestApp.tables(DB))
        .contains(
            "customers",
            "flyway_schema_history",
            "fieldcrypt_schema_history",
            "reencrypt_jobs",
            "reencrypt_job_chunks",
            "reencrypt_job_errors",
            "reencrypt_job_targets");
    assertThat(TestApp.column(DB, "SELECT script FROM flyway_schema_history"))
        .containsExactly("V1__customers.sql");
    assertThat(
            TestApp.column(
                DB,
                "SELECT version FROM fieldcrypt_schema_history WHERE type = 'SQL'"
                    + " ORDER BY installed_rank"))
        .containsExactly("1", "2");
  }
}
