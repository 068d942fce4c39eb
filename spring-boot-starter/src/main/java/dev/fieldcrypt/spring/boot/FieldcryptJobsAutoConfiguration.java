package dev.fieldcrypt.spring.boot;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.spring.boot.internal.AfterFlywayMigrations;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The re-encryption jobs: their tables ({@link FieldcryptSchemaInitializer}, after the
 * application's Flyway migrations), a {@link ReencryptJobs} over the application's {@link
 * DataSource} and its one {@link FieldCipher}, and {@link JobOptions} from {@code
 * fieldcrypt.jobs.*}. Every bean backs off when the application defines its own.
 *
 * <pre>{@code
 * jobs.startOrResume(HibernateTargets.of(sessionFactory, User.class), options);
 * }</pre>
 */
@AutoConfiguration(
    after = FieldcryptAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
    })
@ConditionalOnClass(ReencryptJobs.class)
@ConditionalOnSingleCandidate(DataSource.class)
public class FieldcryptJobsAutoConfiguration {
  static final String SCHEMA_INITIALIZER = "fieldcryptSchemaInitializer";

  @Bean(SCHEMA_INITIALIZER)
  @ConditionalOnMissingBean
  @ConditionalOnProperty(
      name = "fieldcrypt.jobs.initialize-schema",
      havingValue = "true",
      matchIfMissing = true)
  FieldcryptSchemaInitializer fieldcryptSchemaInitializer(DataSource dataSource) {
    return new FieldcryptSchemaInitializer(dataSource);
  }

  @Bean
  static AfterFlywayMigrations fieldcryptAfterFlywayMigrations() {
    return new AfterFlywayMigrations(SCHEMA_INITIALIZER);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(FieldCipher.class)
  ReencryptJobs reencryptJobs(
      DataSource dataSource,
      FieldCipher cipher,
      ObjectProvider<FieldcryptSchemaInitializer> schema) {
    schema.ifAvailable(s -> {}); // the tables exist before the first job
    return ReencryptJobs.create(dataSource, cipher);
  }

  @Bean
  @ConditionalOnMissingBean
  JobOptions fieldcryptJobOptions(FieldcryptProperties properties) {
    FieldcryptProperties.Jobs jobs = properties.jobs();
    return JobOptions.builder()
        .batchSize(jobs.batchSize())
        .commitEvery(jobs.commitEvery())
        .workers(jobs.workers())
        .leaseTimeout(jobs.leaseTimeout())
        .maxErrors(jobs.maxErrors())
        .build();
  }
}
