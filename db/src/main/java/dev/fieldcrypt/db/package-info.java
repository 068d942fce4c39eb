/**
 * fieldcrypt's database schema: the tables of the re-encryption jobs, shipped as Flyway migrations
 * at {@code classpath:db/fieldcrypt/migration}, and {@link dev.fieldcrypt.db.FieldcryptSchema},
 * which applies them with its own history table {@code fieldcrypt_schema_history}.
 *
 * <p>The public API is {@link dev.fieldcrypt.db.FieldcryptSchema}, {@link
 * dev.fieldcrypt.db.MigrationReport} and {@link dev.fieldcrypt.db.FieldcryptSchemaException};
 * everything else is package-private.
 */
package dev.fieldcrypt.db;
