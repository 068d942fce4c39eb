package dev.fieldcrypt.cli.options;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ErrorHandler;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.db.FieldcryptSchemaException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's connection pool: HikariCP, sized for the command (a job's workers plus two), checked
 * when it opens so that a wrong URL fails at once with one line. Closed at the end of the command.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final long CONNECT_TIMEOUT_MS = 15_000;

  private final HikariDataSource dataSource;
  private final String displayUrl;

  private Database(HikariDataSource dataSource, String displayUrl) {
    this.dataSource = dataSource;
    this.displayUrl = displayUrl;
  }

  /**
   * Opens the pool and, with {@code migrate}, brings the job tables up to date.
   *
   * <p>The driver's exception is not chained into the failure (not even for {@code --verbose}):
   * wrappers such as HikariCP's repeat the raw URL, which may hold a password. Its first line is in
   * the message.
   */
  public static Database open(
      String url, String user, String password, int poolSize, boolean migrate) {
    String shown = JdbcUrls.redact(url);
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("fieldcrypt-cli");
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setPassword(password);
    cfg.setMaximumPoolSize(poolSize);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    cfg.setInitializationFailTimeout(1); // one attempt when the pool opens: fail fast, clearly
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      String why = cannotConnect(shown, e, password);
      throw new CommandFailedException(ExitCodes.FAILURE, why.replace(url, shown));
    }
    Database db = new Database(ds, shown);
    if (migrate) {
      try {
        FieldcryptSchema.migrate(ds);
      } catch (FieldcryptSchemaException e) {
        db.close();
        throw new CommandFailedException(
            ExitCodes.FAILURE,
            "cannot prepare the job tables in "
                + shown
                + ": "
                + scrub(ErrorHandler.oneLine(e.getMessage()), password));
      }
    }
    log.debug("connected to {} (pool of {})", shown, poolSize);
    return db;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The URL without any password in it. */
  public String url() {
    return displayUrl;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static String cannotConnect(String shown, RuntimeException e, String password) {
    SQLException sql = sqlCause(e);
    String why;
    if (String.valueOf(e.getMessage()).contains("Failed to get driver instance")) {
      why = "no JDBC driver accepts this URL; fieldcrypt includes the PostgreSQL and H2 drivers";
    } else if (sql != null) {
      why =
          firstLine(sql.getMessage())
              + (sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")");
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      why = root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }
    return "cannot connect to the database at "
        + shown
        + ": "
        + scrub(why, password)
        + ". Check --jdbc-url, --db-user and the password ("
        + DatabaseOptions.PASSWORD_VARIABLE
        + " or --db-password-file), and that the database is running and reachable.";
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    String line = s.strip().lines().findFirst().orElse("");
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  /** Drivers do not echo passwords, but a message is never trusted to hold one. */
  private static String scrub(String message, String password) {
    return password == null || password.isEmpty() ? message : message.replace(password, "***");
  }
}
