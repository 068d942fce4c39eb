package dev.fieldcrypt.db;

import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the tables fieldcrypt's re-encryption jobs keep their state in ({@code
 * reencrypt_jobs}, {@code reencrypt_job_chunks}, {@code reencrypt_job_errors}).
 *
 * <p><b>Guarantee.</b> {@link #migrate(DataSource)} applies the Flyway migrations shipped at
 * {@value #MIGRATION_LOCATION} to the connection's current schema and returns only when that schema
 * is at the newest version this library knows. It records what it applied in its own history table
 * {@value #HISTORY_TABLE}, never in the application's {@code flyway_schema_history}, so it works
 * next to the application's own Flyway and in a schema that already holds application tables, which
 * it never reads, changes or drops. Running it again is a no-op. Several processes may call it at
 * the same time: Flyway serializes them with a database lock.
 *
 * <p><b>Thread safety.</b> Stateless; safe to call from any thread.
 *
 * <p><b>Nulls.</b> The data source must not be null.
 *
 * <p><b>Usage</b>, once at start-up, before the first re-encryption job:
 *
 * <pre>{@code
 * MigrationReport report = FieldcryptSchema.migrate(dataSource);
 * log.info("fieldcrypt job tables at version {}", report.currentVersion());
 * }</pre>
 *
 * <p>An application that prefers to run the migrations with its own Flyway configures a second
 * Flyway instance with {@code locations = classpath:db/fieldcrypt/migration} and {@code table =
 * fieldcrypt_schema_history} (and {@code baselineOnMigrate = true}, {@code baselineVersion = 0} if
 * the schema is not empty). Adding the location to the application's single Flyway instance only
 * works if none of the application's own migration versions ({@code V1}, {@code V2}, ...) collide
 * with fieldcrypt's.
 */
public final class FieldcryptSchema {
  /** Classpath location of fieldcrypt's Flyway migrations inside the fieldcrypt-db jar. */
  public static final String MIGRATION_LOCATION = "classpath:db/fieldcrypt/migration";

  /** Flyway history table used by {@link #migrate(DataSource)}, separate from the application's. */
  public static final String HISTORY_TABLE = "fieldcrypt_schema_history";

  private static final Logger log = LoggerFactory.getLogger(FieldcryptSchema.class);

  /**
   * Serializes the migrations of one JVM. Flyway's own lock keeps processes apart on PostgreSQL,
   * but on a fresh H2 database (no transactional DDL) two threads could both apply V1 and leave a
   * failed row in the history; migrations are rare and short, so one lock for all data sources.
   */
  private static final Object MIGRATION_LOCK = new Object();

  private FieldcryptSchema() {}

  /**
   * Brings fieldcrypt's job tables in the data source's current schema to the newest version.
   *
   * @param dataSource where the tables live; connections are borrowed and returned
   * @return the schema, the version before and after, and how many migrations were applied
   * @throws NullPointerException if {@code dataSource} is null
   * @throws FieldcryptSchemaException if the database cannot be reached, the history does not match
   *     the shipped migrations, or a migration fails; the message names the cause and the remedy
   */
  public static MigrationReport migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource must not be null");
    MigrationReport report;
    synchronized (MIGRATION_LOCK) {
      report =
          FLYWAY_PRESENT ? FlywayMigration.migrate(dataSource) : PlainMigration.migrate(dataSource);
    }
    log.info(
        "fieldcrypt schema in {} at version {} ({} migration(s) applied now, history table {}, {})",
        report.schema(),
        report.currentVersion(),
        report.migrationsExecuted(),
        HISTORY_TABLE,
        FLYWAY_PRESENT
            ? "by Flyway"
            : "by fieldcrypt's own runner: Flyway is not on the classpath");
    return report;
  }

  /**
   * Whether Flyway is on the classpath. Without it (a Spring Boot application that does not use
   * Flyway must not get it from fieldcrypt: it would switch Boot's Flyway on), fieldcrypt applies
   * the same scripts itself and records them in the same history table, as Flyway would.
   */
  static final boolean FLYWAY_PRESENT = isPresent("org.flywaydb.core.Flyway");

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, FieldcryptSchema.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
