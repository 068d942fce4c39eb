package dev.fieldcrypt.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * fieldcrypt's own runner, used when Flyway is not on the classpath: same tables, and a history
 * that Flyway accepts as its own, so an application can add Flyway later.
 */
class PlainMigrationTest {
  private dev.fieldcrypt.testing.TestDatabase db;

  @AfterEach
  void dispose() throws SQLException {
    Sql.dispose(db);
  }

  @Test
  void scripts_listEveryShippedMigrationInVersionOrder() throws Exception {
    URL dir = getClass().getClassLoader().getResource("db/fieldcrypt/migration");
    List<String> shipped =
        Arrays.stream(new File(dir.toURI()).list()).sorted().collect(Collectors.toList());

    assertThat(PlainMigration.SCRIPTS).containsExactlyElementsOf(shipped);
  }

  @Test
  void checksum_equalsFlywaysForEveryScript() {
    MigrationInfo[] resolved =
        Flyway.configure()
            .dataSource(dev.fieldcrypt.testing.TestDatabase.h2().dataSource())
            .locations(FieldcryptSchema.MIGRATION_LOCATION)
            .load()
            .info()
            .all();

    assertThat(resolved).hasSize(PlainMigration.SCRIPTS.size());
    for (MigrationInfo m : resolved) {
      assertThat(PlainMigration.checksum(PlainMigration.read(m.getScript())))
          .as(m.getScript())
          .isEqualTo(m.getChecksum());
      assertThat(PlainMigration.description(m.getScript())).isEqualTo(m.getDescription());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_nonEmptySchema_createsJobTablesThatFlywayThenAccepts(Dialect dialect)
      throws Exception {
    db = dialect.fresh();
    db.execute("CREATE TABLE app_users (id BIGINT PRIMARY KEY)");

    MigrationReport first = PlainMigration.migrate(db.dataSource());
    MigrationReport again = PlainMigration.migrate(db.dataSource());
    MigrationReport byFlyway = FlywayMigration.migrate(db.dataSource());

    assertThat(first.migrationsExecuted()).isEqualTo(2);
    assertThat(first.previousVersion()).isEmpty();
    assertThat(again.migrationsExecuted()).isZero();
    assertThat(again.previousVersion()).contains("2");
    assertThat(byFlyway.migrationsExecuted()).isZero();
    assertThat(byFlyway.currentVersion()).isEqualTo("2");
    assertThat(Sql.tables(db))
        .contains(
            "app_users",
            "reencrypt_jobs",
            "reencrypt_job_chunks",
            "reencrypt_job_errors",
            "reencrypt_job_targets",
            FieldcryptSchema.HISTORY_TABLE)
        .doesNotContain("flyway_schema_history");
  }
}
