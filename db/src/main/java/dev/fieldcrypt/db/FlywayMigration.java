package dev.fieldcrypt.db;

import static dev.fieldcrypt.db.FieldcryptSchema.HISTORY_TABLE;
import static dev.fieldcrypt.db.FieldcryptSchema.MIGRATION_LOCATION;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
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
 * {@link FieldcryptSchema#migrate} when Flyway is on the classpath. Only this class and {@link
 * MigrationFailures} name Flyway's types, so fieldcrypt-db loads without Flyway.
 */
final class FlywayMigration {
  private static final Logger log = LoggerFactory.getLogger(FieldcryptSchema.class);

  // Baselining a non-empty schema at 0 (not Flyway's default 1) is what makes V1 still run there:
  // the application's tables are not ours, so none of our migrations is already applied.
  static final String BASELINE_VERSION = "0";

  private static final int MAX_ATTEMPTS = 3;

  private FlywayMigration() {}

  static MigrationReport migrate(DataSource dataSource) {
    Flyway flyway = configure(dataSource);
    MigrateResult result = migrateWithRetry(flyway);
    try {
      return report(currentSchema(dataSource, result), result, flyway.info());
    } catch (FlywayException e) {
      throw MigrationFailures.translate(e);
    }
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
