package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.output.Ui;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --jdbc-url}, {@code --db-user} and {@code --db-password-file}: the database of the
 * commands that need one. The password comes from {@value #PASSWORD_VARIABLE} or from a file, never
 * from the command line (where {@code ps} and shell histories would show it).
 */
public final class DatabaseOptions {
  /** The environment variable holding the database password. */
  public static final String PASSWORD_VARIABLE = "FIELDCRYPT_DB_PASSWORD";

  @Spec(Spec.Target.MIXEE)
  public CommandSpec spec;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      required = true,
      description =
          "The database, e.g. jdbc:postgresql://db:5432/app?currentSchema=app (PostgreSQL and H2"
              + " drivers are included). Put no password in it: use "
              + PASSWORD_VARIABLE
              + " or --db-password-file.")
  public String url;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "The database user (default: the driver's, or the one in the URL).")
  public String user;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description =
          "Read the database password from FILE (trailing newlines ignored), e.g. a mounted"
              + " secret. Otherwise it comes from the environment variable "
              + PASSWORD_VARIABLE
              + ", if set.")
  public Path passwordFile;

  /**
   * Connects: a small pool of {@code poolSize} connections, checked at once; with {@code migrate},
   * the job tables are then created or upgraded.
   *
   * @throws CommandFailedException when the database cannot be reached or prepared (one line that
   *     names the URL, never the password)
   */
  public Database open(Map<String, String> environment, int poolSize, boolean migrate, Ui ui) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new ParameterException(
          spec.commandLine(),
          "--jdbc-url must be a JDBC URL starting with 'jdbc:' (e.g."
              + " jdbc:postgresql://host:5432/db), got '"
              + JdbcUrls.redact(url)
              + "'");
    }
    String password = password(environment, ui);
    return Database.open(url, user, password, poolSize, migrate);
  }

  /** The URL as it may be shown and logged: any password in it replaced by {@code ***}. */
  public String displayUrl() {
    return JdbcUrls.redact(url);
  }

  private String password(Map<String, String> environment, Ui ui) {
    if (passwordFile != null) {
      return readPasswordFile(ui);
    }
    String fromEnv = environment.get(PASSWORD_VARIABLE);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
  }

  private String readPasswordFile(Ui ui) {
    String content;
    try {
      content = Files.readString(passwordFile, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "cannot read the database password file "
              + passwordFile
              + " ("
              + e.getClass().getSimpleName()
              + "); check the path and its permissions.");
    }
    String password = content.replaceAll("[\\r\\n]+$", "");
    if (password.isEmpty()) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "the database password file " + passwordFile + " is empty; put the password in it.");
    }
    warnIfShared(ui);
    return password;
  }

  private void warnIfShared(Ui ui) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(passwordFile);
      if (p.contains(PosixFilePermission.OTHERS_READ)) {
        ui.warn(
            "the database password file "
                + passwordFile
                + " is readable by every user of this machine; chmod 600 it.");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
