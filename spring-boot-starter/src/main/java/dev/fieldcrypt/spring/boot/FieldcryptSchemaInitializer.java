package dev.fieldcrypt.spring.boot;

import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.db.MigrationReport;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates or upgrades fieldcrypt's job tables with {@link FieldcryptSchema#migrate(DataSource)}
 * when the bean is initialized: in their own history table {@value FieldcryptSchema#HISTORY_TABLE},
 * by Flyway when the application has Flyway, else by fieldcrypt's own runner. The
 * auto-configuration makes this bean wait for the application's Flyway migrations, and the {@code
 * ReencryptJobs} bean wait for it. Set {@code fieldcrypt.jobs.initialize-schema=false} to create
 * the tables yourself.
 */
public final class FieldcryptSchemaInitializer implements InitializingBean {
  private final DataSource dataSource;
  private MigrationReport report;

  public FieldcryptSchemaInitializer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void afterPropertiesSet() {
    report = FieldcryptSchema.migrate(dataSource);
  }

  /** What the migration found and did; null before the bean is initialized. */
  public MigrationReport report() {
    return report;
  }
}
