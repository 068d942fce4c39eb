package dev.fieldcrypt.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
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

  // Baselining a non-empty schema at 0 (not Flyway's default 1) is what makes V1 still run there:
  // the application's tables are not ours, so none of our migrations is already applied.
  private static final String BASELINE_VERSION = "0";

  private static final int MAX_ATTEMPTS = 3;

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
    Flyway flyway = configure(dataSource);
    MigrateResult result;
    synchronized (MIGRATION_LOCK) {
      result = migrateWithRetry(flyway);
    }
    MigrationReport report;
    try {
      report = report(currentSchema(dataSource, result), result, flyway.info());
    } catch (FlywayException e) {
      throw MigrationFailures.translate(e);
    }
    log.info(
        "fieldcrypt schema in {} at version {} ({} migration(s) applied now, history table {})",
        report.schema(),
        report.currentVersion(),
        report.migrationsExecuted(),
        HISTORY_TABLE);
    return report;
  }

  private static MigrateResult migrateWithRetry(Flyway flyway) {
    for (int attempt = 1; ; attempt++) {
      try {
        return flyway.migrate();
      } catch (FlywayException e) {
        if (attempt >= MAX_ATTEMPTS || !MigrationFailures.isRetryable(e)) {
          throw MigrationFailures.translate(e);
        }
        log.info(
            "fieldcrypt schema migration attempt {} of {} failed, most likely because another"
                + " process is creating {} at the same time; retrying: {}",
            attempt,
            MAX_ATTEMPTS,
            HISTORY_TABLE,
            e.getMessage());
      }
    }
  }

  // Flyway does not report the schema it used when the connection's default applied; ask the
  // connection, which is what Flyway itself did.
  private static String currentSchema(DataSource dataSource, MigrateResult result) {
    try (Connection c = dataSource.getConnection()) {
      String schema = c.getSchema();
      if (schema != null) {
        return schema;
      }
    } catch (SQLException e) {
      log.debug("cannot read the current schema after migrating; reporting Flyway's", e);
    }
    return result.schemaName == null ? "" : result.schemaName;
  }

  private static Flyway configure(DataSource dataSource) {
    // This class's loader, not the thread's: it is the one that sees the fieldcrypt-db jar in
    // application servers and fat jars.
    return Flyway.configure(FieldcryptSchema.class.getClassLoader())
        .dataSource(dataSource)
        .locations(MIGRATION_LOCATION)
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion(BASELINE_VERSION)
        .baselineDescription("<< fieldcrypt baseline: schema was not empty >>")
        // A missing location means a broken jar; without this Flyway would report "0 applied".
        .failOnMissingLocations(true)
        // Our SQL has no placeholders; a stray ${...} in a comment must never be substituted.
        .placeholderReplacement(false)
        .cleanDisabled(true)
        .loggers("slf4j")
        .load();
  }

  private static MigrationReport report(
      String schema, MigrateResult result, MigrationInfoService info) {
    MigrationInfo current = info.current();
    String currentVersion = current == null ? null : current.getVersion().getVersion();
    String before = result.initialSchemaVersion;
    boolean hadNoTables = before == null || before.equals(BASELINE_VERSION);
    boolean ahead =
        Arrays.stream(info.all())
            .anyMatch(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED);
    if (ahead) {
      // A newer fieldcrypt migrated this schema; this older library may not know its columns.
      log.warn(
          "fieldcrypt schema in {} is at version {}, newer than this fieldcrypt-db knows; "
              + "use the fieldcrypt version that migrated it",
          schema,
          currentVersion);
    }
    return new MigrationReport(
        schema,
        hadNoTables ? Optional.empty() : Optional.of(before),
        currentVersion,
        result.migrationsExecuted);
  }
}
