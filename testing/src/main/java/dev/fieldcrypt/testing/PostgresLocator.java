package dev.fieldcrypt.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the PostgreSQL for tests once per JVM; see {@link TestDatabase#postgres()}. */
final class PostgresLocator {
  private static final Logger log = LoggerFactory.getLogger(PostgresLocator.class);
  private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static TestDatabase found;
  private static String failure;

  private PostgresLocator() {}

  static synchronized TestDatabase locate() {
    if (found != null) {
      return found;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    StringBuilder tried = new StringBuilder();
    String envUrl = System.getenv("FIELDCRYPT_TEST_PG_URL");
    if (envUrl != null && !envUrl.isBlank()) {
      TestDatabase db =
          TestDatabase.of(
              "postgresql",
              envUrl,
              env("FIELDCRYPT_TEST_PG_USER", "postgres"),
              env("FIELDCRYPT_TEST_PG_PASSWORD", ""));
      String problem = probe(db);
      if (problem == null) {
        return found = db;
      }
      // An explicit URL that does not answer is a configuration error: no silent fallback.
      failure = "FIELDCRYPT_TEST_PG_URL=" + envUrl + " does not answer: " + problem;
      throw new IllegalStateException(failure);
    }
    TestDatabase local = TestDatabase.of("postgresql", LOCAL_URL, "postgres", "");
    String problem = probe(local);
    if (problem == null) {
      return found = local;
    }
    tried.append("local ").append(LOCAL_URL).append(": ").append(problem);
    try {
      found = Containers.start();
      log.info("PostgreSQL tests use a Testcontainers container at {}", found.url());
      return found;
    } catch (Throwable e) {
      tried.append("; Testcontainers: ").append(e.getMessage());
    }
    failure =
        "No PostgreSQL for the tests ("
            + tried
            + "). Start the local server "
            + "(pg_ctlcluster <ver> main start), set FIELDCRYPT_TEST_PG_URL, or run a Docker engine.";
    throw new IllegalStateException(failure);
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null ? dflt : v;
  }

  private static String probe(TestDatabase db) {
    Properties p = new Properties();
    p.setProperty("user", db.user());
    p.setProperty("password", db.password());
    p.setProperty("connectTimeout", "3");
    try (Connection c = DriverManager.getConnection(db.url(), p)) {
      return c.isValid(3) ? null : "connection not valid";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** Kept in its own class so that Testcontainers is only loaded when it is needed. */
  private static final class Containers {
    static TestDatabase start() {
      org.testcontainers.postgresql.PostgreSQLContainer pg =
          new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
      pg.start();
      return TestDatabase.of("postgresql", pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
    }
  }
}
