package dev.fieldcrypt.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Connection coordinates of a database the tests may use. Immutable.
 *
 * <p>Obtain one with {@link #postgres()} (the PostgreSQL every database-facing test also runs on)
 * or {@link #h2()} (a fresh private in-memory H2 database).
 */
public final class TestDatabase {
  private final String kind;
  private final String url;
  private final String user;
  private final String password;

  private TestDatabase(String kind, String url, String user, String password) {
    this.kind = kind;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * The PostgreSQL the tests run against, found in this order: {@code FIELDCRYPT_TEST_PG_URL} (with
   * {@code FIELDCRYPT_TEST_PG_USER}/{@code FIELDCRYPT_TEST_PG_PASSWORD}); the local server at
   * {@code 127.0.0.1:5432} (database {@code test}, user {@code postgres}); a Testcontainers
   * container when a Docker engine answers.
   *
   * @throws IllegalStateException when none is reachable; the build must fail then, never skip
   */
  public static TestDatabase postgres() {
    return PostgresLocator.locate();
  }

  /** A new, private, in-memory H2 database in PostgreSQL compatibility mode off (plain H2). */
  public static TestDatabase h2() {
    String name = "fc_" + UUID.randomUUID().toString().replace("-", "");
    return new TestDatabase("h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /**
   * An H2 database in files under {@code dir}, which several processes may open one after the other
   * (for crash tests: a process killed with {@code kill -9} leaves it to the next).
   */
  public static TestDatabase h2File(java.nio.file.Path dir) {
    return new TestDatabase(
        "h2",
        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";FILE_LOCK=NO;WRITE_DELAY=0",
        "sa",
        "");
  }

  static TestDatabase of(String kind, String url, String user, String password) {
    return new TestDatabase(kind, url, user, password);
  }

  /** {@code "postgresql"} or {@code "h2"}. */
  public String kind() {
    return kind;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public boolean isPostgres() {
    return kind.equals("postgresql");
  }

  /** Opens a new connection (auto-commit on). */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(url, props);
  }

  /** A {@link javax.sql.DataSource} over {@link #connect()}, with no pooling. */
  public javax.sql.DataSource dataSource() {
    return new SimpleDataSource(this);
  }

  /**
   * Creates a fresh schema on PostgreSQL and returns coordinates whose connections use it as their
   * search path, so that tests running in parallel or one after another never see each other's
   * tables. The schema is dropped when the JVM exits. On H2, where every {@link #h2()} is already
   * private, returns this.
   */
  public TestDatabase isolatedSchema(String prefix) {
    if (!isPostgres()) {
      return this;
    }
    String schema =
        (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
            .toLowerCase(java.util.Locale.ROOT);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test schema " + schema + ": " + e.getMessage(), e);
    }
    SchemaJanitor.dropAtExit(this, schema);
    String sep = url.contains("?") ? "&" : "?";
    return new TestDatabase(kind, url + sep + "currentSchema=" + schema, user, password);
  }

  /** Executes each statement in its own auto-committed call. */
  public void execute(String... sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String each : sql) {
        s.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed on " + kind + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return kind + " " + url;
  }
}
