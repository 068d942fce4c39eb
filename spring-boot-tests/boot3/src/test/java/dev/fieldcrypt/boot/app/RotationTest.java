package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A rotation: new keyring version, restart, the ReencryptJobs bean rewrites the old rows. */
class RotationTest {
  @Test
  void afterRotationAndRestart_reencryptJobsBringsEveryRowToTheNewVersion() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("boot_rotation");
    Path keyring = TestApp.newKeyring();
    try (ConfigurableApplicationContext app = TestApp.start(db, keyring)) {
      CustomerRepository customers = app.getBean(CustomerRepository.class);
      for (int i = 0; i < 25; i++) {
        customers.save(new Customer("user" + i + "@example.com", "+1 555 01" + i));
      }
    }

    String active = TestApp.rotate(keyring);

    try (ConfigurableApplicationContext app = TestApp.start(db, keyring)) {
      CustomerRepository customers = app.getBean(CustomerRepository.class);
      customers.save(new Customer("new@example.com", "+1 555 0199"));

      JobInfo job = app.getBean(CustomerRotation.class).reencrypt();

      assertThat(active).isEqualTo("v2");
      assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
      assertThat(job.reencrypted()).isEqualTo(25);
      assertThat(TestApp.column(db, "SELECT email FROM customers"))
          .hasSize(26)
          .allSatisfy(v -> assertThat(v).startsWith("v2:"));
      assertThat(TestApp.column(db, "SELECT phone FROM customers"))
          .allSatisfy(v -> assertThat(v).startsWith("v2:"));
      assertThat(customers.findByEmail("user7@example.com"))
          .hasValueSatisfying(c -> assertThat(c.getPhone()).isEqualTo("+1 555 017"));
    }
  }
}
