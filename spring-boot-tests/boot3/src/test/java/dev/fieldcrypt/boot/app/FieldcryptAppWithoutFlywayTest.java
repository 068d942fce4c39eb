package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The application without Flyway on its classpath (surefire execution {@code without-flyway}):
 * fieldcrypt brings none, so Boot's Flyway stays off, and the job tables are still created.
 */
class FieldcryptAppWithoutFlywayTest {
  @Test
  void classpath_hasNoFlyway() {
    assertThat(ClassUtils.isPresent("org.flywaydb.core.Flyway", null)).isFalse();
  }

  @Test
  void nonEmptySchema_startsAndCreatesTheJobTables_withoutFlywayHistory() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("boot_noflyway");
    TestApp.createApplicationTables(db);
    db.execute("CREATE TABLE audit_log (id BIGINT PRIMARY KEY)");
    Path keyring = TestApp.newKeyring();

    try (ConfigurableApplicationContext app = TestApp.start(db, keyring)) {
      CustomerRepository customers = app.getBean(CustomerRepository.class);
      customers.save(new Customer("ada@example.com", "+44 20 7946 0000"));

      assertThat(customers.findByEmail("ada@example.com")).isPresent();
      assertThat(app.containsBean("flywayInitializer")).isFalse();
    }
    assertThat(TestApp.tables(db))
        .contains("customers", "audit_log", "reencrypt_jobs", "fieldcrypt_schema_history")
        .doesNotContain("flyway_schema_history");
    assertThat(
            TestApp.column(
                db, "SELECT version FROM fieldcrypt_schema_history ORDER BY installed_rank"))
        .containsExactly("1", "2");
    assertThat(TestApp.column(db, "SELECT email FROM customers"))
        .singleElement()
        .asString()
        .startsWith("v1:");
  }

  @Test
  void emptySchema_startsWithoutCreatingFlywaysHistory() throws Exception {
    TestDatabase db = TestDatabase.postgres().isolatedSchema("boot_noflyway_empty");

    try (ConfigurableApplicationContext app =
        TestApp.start(db, TestApp.newKeyring(), "spring.jpa.hibernate.ddl-auto=create")) {
      app.getBean(CustomerRepository.class).save(new Customer("x@example.com", null));
    }

    assertThat(TestApp.tables(db))
        .contains("customers", "reencrypt_jobs", "fieldcrypt_schema_history")
        .doesNotContain("flyway_schema_history");
  }
}
