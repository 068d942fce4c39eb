package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.spring.boot.FieldcryptAutoConfiguration;
import dev.fieldcrypt.spring.boot.FieldcryptHealthAutoConfiguration;
import dev.fieldcrypt.spring.boot.FieldcryptJobsAutoConfiguration;
import dev.fieldcrypt.spring.boot.FieldcryptMetricsAutoConfiguration;
import dev.fieldcrypt.spring.boot.FieldcryptSchemaInitializer;
import dev.fieldcrypt.spring.boot.internal.LiveKeyringMetrics;
import dev.fieldcrypt.testing.TestDatabase;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's beans, conditions and properties, without a whole application. */
class AutoConfigurationTest {
  private static final Path KEYRING = TestApp.newKeyring();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FieldcryptAutoConfiguration.class,
                  FieldcryptJobsAutoConfiguration.class,
                  FieldcryptMetricsAutoConfiguration.class,
                  FieldcryptHealthAutoConfiguration.class));

  @Test
  void keyringFile_givesOneCipherLoadedOnce_andNoJobsWithoutADataSource() {
    runner
        .withPropertyValues("fieldcrypt.keyring.file=" + KEYRING)
        .run(
            context -> {
              assertThat(context).hasSingleBean(FieldCipher.class);
              assertThat(context).doesNotHaveBean(LiveKeyring.class);
              assertThat(context).doesNotHaveBean(ReencryptJobs.class);
              assertThat(context).doesNotHaveBean(MeterBinder.class);
              assertThat(context).doesNotHaveBean("fieldcryptKeyringHealthIndicator");
              assertThat(context.getBean(FieldCipher.class).activeVersion()).isEqualTo("v1");
            });
  }

  @Test
  void keyringUri_givesALiveKeyringThatTheCipherFollows() {
    runner
        .withPropertyValues("fieldcrypt.keyring.uri=file:" + KEYRING)
        .run(
            context -> {
              assertThat(context).hasSingleBean(LiveKeyring.class);
              assertThat(context.getBean(LiveKeyring.class).status().source())
                  .contains(KEYRING.toString());
              assertThat(context.getBean(FieldCipher.class).activeVersion()).isEqualTo("v1");
            });
  }

  @Test
  void liveKeyring_withMicrometer_hasGaugesOfItsStatus() {
    runner
        .withPropertyValues("fieldcrypt.keyring.uri=file:" + KEYRING)
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              context.getBean(LiveKeyringMetrics.class).bindTo(registry);

              assertThat(registry.get("fieldcrypt.keyring.stale").gauge().value()).isZero();
              assertThat(registry.get("fieldcrypt.keyring.versions").gauge().value()).isEqualTo(1);
              assertThat(registry.get("fieldcrypt.keyring.age").timeGauge().value())
                  .isGreaterThanOrEqualTo(0);
            });
  }

  @Test
  void liveKeyring_withActuator_hasAHealthIndicatorOfThisBootLine() {
    runner
        .withPropertyValues("fieldcrypt.keyring.uri=file:" + KEYRING)
        .run(
            context -> {
              // HealthIndicator is another type on each Boot line: called by name.
              Object indicator = context.getBean("fieldcryptKeyringHealthIndicator");
              Object health = indicator.getClass().getMethod("health").invoke(indicator);
              Object status = health.getClass().getMethod("getStatus").invoke(health);
              Map<?, ?> details =
                  (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health);

              assertThat(indicator.getClass().getSimpleName())
                  .startsWith("Boot" + SpringBootVersion.getVersion().charAt(0));
              assertThat(status).hasToString("UP");
              assertThat(details.get("activeVersion")).isEqualTo("v1");
              assertThat(details.get("stale")).isEqualTo(false);
              assertThat(String.valueOf(details.get("source"))).contains(KEYRING.toString());
            });
  }

  @Test
  void uriAndFile_bothSet_failsNamingBothProperties() {
    runner
        .withPropertyValues(
            "fieldcrypt.keyring.uri=file:" + KEYRING, "fieldcrypt.keyring.file=" + KEYRING)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining(
                        "both 'fieldcrypt.keyring.uri' and 'fieldcrypt.keyring.file' are set"));
  }

  @Test
  void applicationsOwnCipher_replacesTheStarters_andNoKeyringFileIsRead() {
    FieldCipher own = FieldCipher.create(Keyring.of("k7", List.of(KeyVersion.generate("k7"))));
    runner
        .withPropertyValues("fieldcrypt.keyring.file=/nonexistent/.env.crypto")
        .withBean(FieldCipher.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(FieldCipher.class)).isSameAs(own);
              assertThat(context).doesNotHaveBean(LiveKeyring.class);
            });
  }

  @Test
  void hibernateSettingsUnderSpringJpaProperties_stillChooseTheKeyring() {
    runner
        .withPropertyValues("spring.jpa.properties.fieldcrypt.keyring.file=" + KEYRING)
        .run(
            context ->
                assertThat(context.getBean(FieldCipher.class).activeVersion()).isEqualTo("v1"));
  }

  @Test
  void ownFileWinsOverHibernateUri_soTheKeyringIsNotLive() {
    runner
        .withPropertyValues(
            "fieldcrypt.keyring.file=" + KEYRING,
            "spring.jpa.properties.fieldcrypt.keyring.uri=file:/nonexistent/.env.crypto")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(LiveKeyring.class);
            });
  }

  @Test
  void hibernateUriUnderSpringJpaProperties_givesALiveKeyring() {
    runner
        .withPropertyValues("spring.jpa.properties.fieldcrypt.keyring.uri=file:" + KEYRING)
        .run(context -> assertThat(context).hasSingleBean(LiveKeyring.class));
  }

  @Test
  void dataSource_givesJobTablesReencryptJobsAndJobOptionsFromProperties() {
    TestDatabase db = TestDatabase.h2();
    runner
        .withPropertyValues(
            "fieldcrypt.keyring.file=" + KEYRING,
            "fieldcrypt.jobs.batch-size=1000",
            "fieldcrypt.jobs.workers=3",
            "fieldcrypt.jobs.lease-timeout=2m")
        .withBean(DataSource.class, db::dataSource)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ReencryptJobs.class);
              assertThat(
                      context.getBean(FieldcryptSchemaInitializer.class).report().currentVersion())
                  .isEqualTo("2");
              JobOptions options = context.getBean(JobOptions.class);
              assertThat(options.batchSize()).isEqualTo(1000);
              assertThat(options.workers()).isEqualTo(3);
              assertThat(options.leaseTimeout()).hasMinutes(2);
            });
  }

  @Test
  void initializeSchemaFalse_createsNoTables() throws Exception {
    TestDatabase db = TestDatabase.h2();
    runner
        .withPropertyValues(
            "fieldcrypt.keyring.file=" + KEYRING, "fieldcrypt.jobs.initialize-schema=false")
        .withBean(DataSource.class, db::dataSource)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(FieldcryptSchemaInitializer.class);
              assertThat(context).hasSingleBean(ReencryptJobs.class);
            });
    assertThat(TestApp.tables(db)).doesNotContain("reencrypt_jobs");
  }
}
