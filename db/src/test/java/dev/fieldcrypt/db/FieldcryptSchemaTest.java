package dev.fieldcrypt.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link FieldcryptSchema#migrate} on empty, migrated and shared schemas, and its failures. */
class FieldcryptSchemaTest {
  private static final List<String> JOB_TABLES =
      List.of(
          "reencrypt_job_chunks",
          "reencrypt_job_errors",
          "reencrypt_job_targets",
          "reencrypt_jobs");
  // Flyway creates its history table with a quoted lower-case name on both databases.
  private static final String HISTORY = "\"" + FieldcryptSchema.HISTORY_TABLE + "\"";

  // Flyway also keeps marker rows without a version (on H2: "history table created").
  private static final String VERSIONED_ROWS =
      "FROM " + HISTORY + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"";

  private TestDatabase db;

  @AfterEach
  void dispose() throws SQLException {
    Sql.dispose(db);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_emptyDatabase_createsJobTables(Dialect dialect) throws Exception {
    db = dialect.fresh();

    MigrationReport report = FieldcryptSchema.migrate(db.dataSource());

    assertThat(report.migrationsExecuted()).isEqualTo(2);
    assertThat(report.previousVersion()).isEmpty();
    assertThat(report.currentVersion()).isEqualTo("2");
    assertThat(report.schema()).isEqualToIgnoringCase(Sql.currentSchema(db));
    assertThat(Sql.tables(db))
        .containsExactlyInAnyOrderElementsOf(
            concat(JOB_TABLES, List.of(FieldcryptSchema.HISTORY_TABLE)));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_emptyDatabase_recordsInOwnHistoryTableOnly(Dialect dialect) throws Exception {
    db = dialect.fresh();

    FieldcryptSchema.migrate(db.dataSource());

    assertThat(Sql.tables(db)).doesNotContain("flyway_schema_history");
    assertThat(Sql.rows(db, "SELECT \"version\", \"script\", \"success\" " + VERSIONED_ROWS))
        .containsExactly(
            List.of("1", "V1__fieldcrypt_job_tables.sql", "true"),
            List.of("2", "V2__fieldcrypt_job_target_locks.sql", "true"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_twice_secondRunChangesNothing(Dialect dialect) throws Exception {
    db = dialect.fresh();
    FieldcryptSchema.migrate(db.dataSource());
    db.execute(
        "INSERT INTO reencrypt_jobs (table_name, id_column, columns_spec, target_key,"
            + " target_version, batch_size, commit_every) VALUES ('t', 'id', 'c', 't|id|c', 'v2',"
            + " 100, 1)");
    List<List<String>> historyBefore = Sql.rows(db, "SELECT * FROM " + HISTORY);

    MigrationReport second = FieldcryptSchema.migrate(db.dataSource());

    assertThat(second.migrationsExecuted()).isZero();
    assertThat(second.previousVersion()).contains("2");
    assertThat(second.currentVersion()).isEqualTo("2");
    assertThat(Sql.rows(db, "SELECT * FROM " + HISTORY)).isEqualTo(historyBefore);
    assertThat(Sql.count(db, "reencrypt_jobs")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_schemaWithApplicationFlywayTables_addsJobTablesAndLeavesApplicationAlone(
      Dialect dialect) throws Exception {
    db = dialect.fresh();
    Flyway application =
        Flyway.configure()
            .dataSource(db.dataSource())
            .locations("classpath:db/testapp/migration")
            .load();
    application.migrate();
    List<List<String>> customersBefore = Sql.rows(db, "SELECT * FROM customer ORDER BY id");
    List<List<String>> appHistoryBefore = Sql.rows(db, "SELECT * FROM \"flyway_schema_history\"");

    MigrationReport report = FieldcryptSchema.migrate(db.dataSource());

    assertThat(report.migrationsExecuted()).isEqualTo(2);
    assertThat(report.previousVersion()).as("the application's tables are not ours").isEmpty();
    assertThat(report.currentVersion()).isEqualTo("2");
    assertThat(Sql.tables(db)).containsAll(JOB_TABLES);
    assertThat(Sql.rows(db, "SELECT * FROM customer ORDER BY id")).isEqualTo(customersBefore);
    assertThat(Sql.rows(db, "SELECT * FROM \"flyway_schema_history\"")).isEqualTo(appHistoryBefore);
    // The application's own Flyway still validates: it sees none of fieldcrypt's migrations.
    assertThat(application.migrate().migrationsExecuted).isZero();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_jobTablesCreatedOutsideItsHistory_throwsNamingRemedy(Dialect dialect) {
    db = dialect.fresh();
    db.execute("CREATE TABLE reencrypt_jobs (id BIGINT PRIMARY KEY)");

    assertThatThrownBy(() -> FieldcryptSchema.migrate(db.dataSource()))
        .isInstanceOf(FieldcryptSchemaException.class)
        .hasMessageContaining("A migration of fieldcrypt's job tables failed")
        .hasMessageContaining("your own Flyway applies " + FieldcryptSchema.MIGRATION_LOCATION)
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_historyChecksumChanged_throwsNamingHistoryTable(Dialect dialect) throws Exception {
    db = dialect.fresh();
    FieldcryptSchema.migrate(db.dataSource());
    Sql.update(db, "UPDATE " + HISTORY + " SET \"checksum\" = 12345 WHERE \"version\" = '1'");

    assertThatThrownBy(() -> FieldcryptSchema.migrate(db.dataSource()))
        .isInstanceOf(FieldcryptSchemaException.class)
        .hasMessageContaining(
            "fieldcrypt's schema history (table fieldcrypt_schema_history) does not match")
        .hasMessageContaining("never edit");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migrate_concurrentCallers_applyMigrationOnce(Dialect dialect) throws Exception {
    db = dialect.fresh();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<MigrationReport>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> FieldcryptSchema.migrate(db.dataSource())));
      }
      int executed = 0;
      for (Future<MigrationReport> f : futures) {
        MigrationReport report = f.get(60, TimeUnit.SECONDS);
        assertThat(report.currentVersion()).isEqualTo("2");
        executed += report.migrationsExecuted();
      }
      assertThat(executed).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(Sql.rows(db, "SELECT \"version\", \"success\" " + VERSIONED_ROWS))
        .containsExactly(List.of("1", "true"), List.of("2", "true"));
  }

  @Test
  void migrate_unreachableDatabase_throwsNamingConnection() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/test");
    nowhere.setUser("postgres");
    nowhere.setConnectTimeout(2);

    assertThatThrownBy(() -> FieldcryptSchema.migrate(nowhere))
        .isInstanceOf(FieldcryptSchemaException.class)
        .hasMessageStartingWith("Cannot connect to the database")
        .hasMessageContaining("Check the DataSource's URL");
  }

  @Test
  void migrate_nullDataSource_throwsNullPointer() {
    assertThatThrownBy(() -> FieldcryptSchema.migrate(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataSource must not be null");
  }

  @Test
  void migrationLocation_isInTheJar() {
    String path = FieldcryptSchema.MIGRATION_LOCATION.substring("classpath:".length());

    assertThat(
            FieldcryptSchema.class
                .getClassLoader()
                .getResource(path + "/V1__fieldcrypt_job_tables.sql"))
        .isNotNull();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
