package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.cli.options.JdbcUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting: unreachable databases, bad URLs, passwords from the environment or a file. */
class DatabaseOptionsTest {
  private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/x";

  @TempDir Path dir;

  private String[] command(String name, String url, String... more) {
    Path keyring = dir.resolve(".env.crypto");
    if (!Files.exists(keyring)) {
      CliHarness.noTerminal().run("generate", "--env-file", keyring.toString()).succeeds();
    }
    List<String> args = new ArrayList<>(List.of(name, "--jdbc-url", url));
    switch (name) {
      case "reencrypt", "stats", "cleanup-keys" ->
          args.addAll(List.of("--env-file", keyring.toString(), "--table", "t", "--column", "c"));
      case "pause-job", "cancel-job" -> args.addAll(List.of("--job-id", "1"));
      default -> {}
    }
    if (!name.equals("stats") && !name.equals("list-jobs") && !name.equals("pause-job")) {
      args.add("--yes");
    }
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "reencrypt",
        "list-jobs",
        "pause-job",
        "cancel-job",
        "cleanup-jobs",
        "stats",
        "cleanup-keys"
      })
  void unreachableDatabase_isOneLineNamingTheUrl_exit1(String name) {
    CliHarness.noTerminal()
        .run(command(name, UNREACHABLE))
        .failsWith(
            ExitCodes.FAILURE,
            "cannot connect to the database at " + UNREACHABLE + ": ",
            "refused",
            "Check --jdbc-url");
  }

  @Test
  void unreachableDatabase_neverShowsThePassword_evenWithVerbose() {
    String secret = "hunter2-db-secret";
    CliHarness cli =
        CliHarness.noTerminal()
            .environment(Map.of(DatabaseOptions.PASSWORD_VARIABLE, "env-" + secret));
    String url = UNREACHABLE + "?user=ops&password=" + secret + "&ssl=false";

    CliHarness.Result quiet = cli.run(command("list-jobs", url));
    CliHarness.Result verbose = cli.run(command("list-jobs", url, "--verbose"));

    quiet.failsWith(ExitCodes.FAILURE, "at " + UNREACHABLE + "?user=ops&password=***&ssl=false: ");
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(verbose.err()).contains("\tat ").contains("CommandFailedException");
    assertThat(quiet.out() + quiet.err() + verbose.out() + verbose.err()).doesNotContain(secret);
  }

  @Test
  void missingOrBadUrl_isUsageError_unknownDriver_isFailure() {
    CliHarness cli = CliHarness.noTerminal();

    cli.run("list-jobs").failsWith(ExitCodes.USAGE, "Missing required option: '--jdbc-url=URL'");
    cli.run("list-jobs", "--jdbc-url", "postgres://localhost/db")
        .failsWith(ExitCodes.USAGE, "must be a JDBC URL starting with 'jdbc:'");
    cli.run("list-jobs", "--jdbc-url", "jdbc:nosuchdb://localhost/db")
        .failsWith(ExitCodes.FAILURE, "no JDBC driver accepts this URL");
  }

  @Test
  void passwordFile_isRead_andAMissingOneFailsClearly() throws IOException {
    JobsFixture fx = JobsFixture.postgres(dir);
    Path file = dir.resolve("db-password");
    String password = fx.db.password().isEmpty() ? "trust-ignores-it" : fx.db.password();
    Files.writeString(file, password + "\n");

    CliHarness.noTerminal()
        .run(fx.args("list-jobs", "--db-password-file", file.toString()))
        .succeeds();
    CliHarness.noTerminal()
        .run(fx.args("list-jobs", "--db-password-file", dir.resolve("nope").toString()))
        .failsWith(ExitCodes.FAILURE, "cannot read the database password file", "nope");
    Files.writeString(file, "\n");
    CliHarness.noTerminal()
        .run(fx.args("list-jobs", "--db-password-file", file.toString()))
        .failsWith(ExitCodes.FAILURE, "is empty");
  }

  @Test
  void noPasswordOption_onTheCommandLine() {
    CliHarness.noTerminal()
        .run("list-jobs", "--jdbc-url", UNREACHABLE, "--db-password", "x")
        .failsWith(ExitCodes.USAGE, "unknown option '--db-password'");
  }

  @Test
  void jdbcUrls_redactPasswordsInEveryUsualPlace() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?password=s3cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?password=***&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cr3t;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(JdbcUrls.redact("jdbc:postgresql://ops:s3cr3t@h:5432/db"))
        .isEqualTo("jdbc:postgresql://ops:***@h:5432/db");
    assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?sslpassword=s3cr3t"))
        .isEqualTo("jdbc:postgresql://h/db?sslpassword=***");
    assertThat(JdbcUrls.redact("jdbc:postgresql://h:5432/db?currentSchema=app"))
        .isEqualTo("jdbc:postgresql://h:5432/db?currentSchema=app");
  }
}
