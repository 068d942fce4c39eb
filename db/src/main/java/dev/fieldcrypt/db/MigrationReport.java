package dev.fieldcrypt.db;

import dev.fieldcrypt.core.InvalidArgumentException;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link FieldcryptSchema#migrate(javax.sql.DataSource)} found and did. Immutable and
 * therefore thread-safe.
 *
 * <p>{@link #previousVersion()} is empty when the schema had no fieldcrypt tables before; every
 * other accessor is non-null.
 *
 * <pre>{@code
 * MigrationReport r = FieldcryptSchema.migrate(dataSource);
 * if (r.migrationsExecuted() > 0) {
 *   log.info("fieldcrypt tables upgraded from {} to {}", r.previousVersion().orElse("none"),
 *       r.currentVersion());
 * }
 * }</pre>
 */
public final class MigrationReport {
  private final String schema;
  private final Optional<String> previousVersion;
  private final String currentVersion;
  private final int migrationsExecuted;

  MigrationReport(
      String schema, Optional<String> previousVersion, String currentVersion, int executed) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.previousVersion = Objects.requireNonNull(previousVersion, "previousVersion");
    this.currentVersion = Objects.requireNonNull(currentVersion, "currentVersion");
    if (executed < 0) {
      throw new InvalidArgumentException("migrationsExecuted " + executed + " must be >= 0");
    }
    this.migrationsExecuted = executed;
  }

  /** The schema the tables and {@value FieldcryptSchema#HISTORY_TABLE} are in. */
  public String schema() {
    return schema;
  }

  /** The fieldcrypt schema version before this call; empty if there were no fieldcrypt tables. */
  public Optional<String> previousVersion() {
    return previousVersion;
  }

  /** The fieldcrypt schema version after this call, for example {@code "1"}. */
  public String currentVersion() {
    return currentVersion;
  }

  /** How many migrations this call applied; 0 when the schema was already up to date. */
  public int migrationsExecuted() {
    return migrationsExecuted;
  }

  @Override
  public String toString() {
    return "MigrationReport[schema="
        + schema
        + ", previousVersion="
        + previousVersion.orElse("none")
        + ", currentVersion="
        + currentVersion
        + ", migrationsExecuted="
        + migrationsExecuted
        + "]";
  }
}
