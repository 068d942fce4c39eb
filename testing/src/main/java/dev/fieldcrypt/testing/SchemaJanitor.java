package dev.fieldcrypt.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Drops the test schemas {@link TestDatabase#isolatedSchema} created, when the JVM exits. */
final class SchemaJanitor {
  private static final List<String> SCHEMAS = new ArrayList<>();
  private static final List<TestDatabase> DATABASES = new ArrayList<>();
  private static boolean hooked;

  private SchemaJanitor() {}

  static synchronized void dropAtExit(TestDatabase db, String schema) {
    SCHEMAS.add(schema);
    DATABASES.add(db);
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(SchemaJanitor::dropAll, "test-schema-janitor"));
    }
  }

  private static synchronized void dropAll() {
    for (int i = 0; i < SCHEMAS.size(); i++) {
      try (Connection c = DATABASES.get(i).connect();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMAS.get(i) + " CASCADE");
      } catch (SQLException e) {
        // best effort: a schema left behind costs disk space, not correctness
      }
    }
  }
}
