package dev.fieldcrypt.sample;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command-line options of the demo.
 *
 * @param jdbcUrl the database, or {@code null} for an H2 file database in {@code dir}
 * @param dbUser the database user ({@code sa} for the default H2 database)
 * @param dbPassword from {@code FIELDCRYPT_DB_PASSWORD}, never from the command line
 * @param dir where the keyring (and the H2 database) go, or {@code null} for a new temp dir
 * @param users users stored before the rotation
 * @param moreUsers users stored after it
 * @param batchSize rows per batch of the re-encryption job
 * @param interruptAtPercent how far the job gets before the demo interrupts it
 */
record DemoOptions(
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    Path dir,
    int users,
    int moreUsers,
    int batchSize,
    int interruptAtPercent) {

  static final String PASSWORD_ENV = "FIELDCRYPT_DB_PASSWORD";

  static final String USAGE =
      """
      usage: java -jar sample-app/target/fieldcrypt-demo.jar [options]
        --jdbc-url URL     database to run on (default: an H2 file database in --dir);
                           e.g. jdbc:postgresql://127.0.0.1:5432/test. The demo creates its own
                           table fieldcrypt_demo_users there and empties it at every run.
        --db-user USER     database user (default: sa for H2, postgres otherwise); the password,
                           if any, comes from the environment variable FIELDCRYPT_DB_PASSWORD
        --dir DIR          where the keyring (and the H2 database) are written
                           (default: a new directory under the system temp dir)
        --users N          users stored before the key rotation (default 3000)
        --more-users N     users stored after it (default 500)
        --batch-size N     rows per re-encryption batch (default 200)
        --help             this text
      """;

  static DemoOptions defaults() {
    return new DemoOptions(null, null, null, null, 3000, 500, 200, 40);
  }

  /**
   * Parses {@code --name value} and {@code --name=value}.
   *
   * @return the options, or {@code null} when help was asked for
   * @throws IllegalArgumentException naming the bad argument
   */
  static DemoOptions parse(String[] args, String passwordFromEnv) {
    DemoOptions o = defaults();
    String url = o.jdbcUrl;
    String user = o.dbUser;
    Path dir = o.dir;
    int users = o.users;
    int moreUsers = o.moreUsers;
    int batchSize = o.batchSize;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option " + arg + " needs a value");
      }
      switch (name) {
        case "--jdbc-url" -> url = value;
        case "--db-user" -> user = value;
        case "--dir" -> dir = Path.of(value);
        case "--users" -> users = positive(name, value);
        case "--more-users" -> moreUsers = positive(name, value);
        case "--batch-size" -> batchSize = positive(name, value);
        case "--db-password" ->
            throw new IllegalArgumentException(
                "passwords are not taken on the command line (they end up in shell history and"
                    + " process lists); set "
                    + PASSWORD_ENV
                    + " instead");
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (url != null && !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--jdbc-url must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/test, got '"
              + url
              + "'");
    }
    if (users < 100) {
      throw new IllegalArgumentException(
          "--users must be at least 100 so that the demo can tamper with user 42, got " + users);
    }
    return new DemoOptions(
        url, user, passwordFromEnv, dir, users, moreUsers, batchSize, o.interruptAtPercent);
  }

  boolean isH2() {
    return jdbcUrl == null || jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
  }

  DemoOptions withDir(Path newDir) {
    return new DemoOptions(
        jdbcUrl, dbUser, dbPassword, newDir, users, moreUsers, batchSize, interruptAtPercent);
  }

  /** Without the password, and without the URL's parameters (which may hold one). */
  @Override
  public String toString() {
    String url = jdbcUrl == null ? "(H2 in dir)" : jdbcUrl.replaceAll("[?;].*$", "?…");
    return "DemoOptions[jdbcUrl="
        + url
        + ", dbUser="
        + dbUser
        + ", dir="
        + dir
        + ", users="
        + users
        + ", moreUsers="
        + moreUsers
        + ", batchSize="
        + batchSize
        + "]";
  }

  private static int positive(String name, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a whole number, got '" + value + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + n);
    }
    return n;
  }
}
