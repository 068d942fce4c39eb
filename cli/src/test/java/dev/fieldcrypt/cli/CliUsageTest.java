package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliUsageTest {
  @TempDir Path dir;
  private final CliHarness cli = CliHarness.noTerminal();

  @Test
  void unknownCommand_isUsageErrorWithSuggestion() {
    cli.run("rotat")
        .failsWith(ExitCodes.USAGE, "unknown command 'rotat'", "did you mean", "rotate");
  }

  @Test
  void unknownOption_isUsageError() {
    cli.run("list", "--bogus")
        .failsWith(ExitCodes.USAGE, "unknown option '--bogus'", "See 'fieldcrypt list --help'");
  }

  @Test
  void noCommand_isUsageError() {
    cli.run().failsWith(ExitCodes.USAGE, "no command given", "fieldcrypt --help");
  }

  @Test
  void missingOptionValue_isUsageError() {
    cli.run("rotate", "--new-version").failsWith(ExitCodes.USAGE, "--new-version");
  }

  @Test
  void notANumber_isUsageError() {
    cli.run("backup-config", "--keep-backups", "many")
        .failsWith(ExitCodes.USAGE, "--keep-backups", "'many'");
  }

  @Test
  void version_printsVersionAndExitsZero() {
    CliHarness.Result r = cli.run("--version").succeeds();

    assertThat(r.out()).startsWith("fieldcrypt ").doesNotContain("unknown").contains("Java ");
  }

  @Test
  void help_listsEveryCommand() {
    CliHarness.Result r = cli.run("--help").succeeds();

    assertThat(r.out())
        .contains("generate", "list", "rotate", "backup-config", "restore-config")
        .contains("remove-versions", "validate-config", "Exit codes: 0 success")
        .contains("reencrypt", "list-jobs", "pause-job", "cancel-job", "cleanup-jobs")
        .contains("stats", "cleanup-keys", "activate");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "generate",
        "list",
        "rotate",
        "activate",
        "backup-config",
        "restore-config",
        "remove-versions",
        "validate-config",
        "reencrypt",
        "stats",
        "cleanup-keys",
        "encrypt-keyring",
        "decrypt-keyring"
      })
  void everyKeyringCommand_hasHelpAndTheSharedOptions(String command) {
    CliHarness.Result r = cli.run(command, "--help").succeeds();

    assertThat(r.out())
        .contains("Usage: fieldcrypt " + command)
        .contains("--logfile", "--verbose", "--help", "--env-file");
    assertThat(cli.run("help", command).out()).isEqualTo(r.out());
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
  void everyDatabaseCommand_hasHelpAndTheDatabaseOptions_butNoPasswordOption(String command) {
    CliHarness.Result r = cli.run(command, "--help").succeeds();

    assertThat(r.out())
        .contains("Usage: fieldcrypt " + command)
        .contains("--logfile", "--verbose", "--help")
        .contains("--jdbc-url=URL", "--db-user", "--db-password-file", "FIELDCRYPT_DB_PASSWORD")
        .doesNotContain("--db-password=", "--password");
    assertThat(cli.run("help", command).out()).isEqualTo(r.out());
  }

  @Test
  void reencryptHelp_listsItsOptions() {
    assertThat(cli.run("reencrypt", "--help").out())
        .contains("--table", "--id-column", "--column", "--context=COLUMN=CONTEXT")
        .contains("--batch-size", "--commit-every", "--workers", "--dry-run", "--resume")
        .contains("--job-id", "--encrypt-plaintext", "--max-errors", "--yes")
        .contains("(default: 500)", "(default: 1000)");
  }

  @Test
  void everyRegisteredCommand_isCoveredAboveOrIsHelp() {
    CommandLine cl =
        FieldcryptCli.commandLine(
            new CliContext(null, java.util.Map.of(), java.time.Clock.systemUTC()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));

    assertThat(cl.getSubcommands().keySet())
        .containsExactlyInAnyOrder(
            "generate",
            "list",
            "rotate",
            "activate",
            "backup-config",
            "restore-config",
            "remove-versions",
            "validate-config",
            "reencrypt",
            "list-jobs",
            "pause-job",
            "cancel-job",
            "cleanup-jobs",
            "stats",
            "cleanup-keys",
            "encrypt-keyring",
            "decrypt-keyring",
            "change-master-key",
            "index-size",
            "help");
  }

  @Test
  void destructiveCommands_offerYes() {
    for (String command :
        new String[] {
          "generate",
          "rotate",
          "restore-config",
          "remove-versions",
          "reencrypt",
          "cancel-job",
          "cleanup-jobs",
          "cleanup-keys"
        }) {
      assertThat(cli.run(command, "--help").out()).as(command).contains("--yes");
    }
  }

  @Test
  void failure_withoutVerbose_hasNoStackTrace_withVerbose_hasOne() {
    String absent = dir.resolve("absent").toString();

    CliHarness.Result quiet = cli.run("list", "--env-file", absent);
    CliHarness.Result verbose = cli.run("list", "--env-file", absent, "--verbose");

    quiet.failsWith(ExitCodes.FAILURE, "not found");
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(verbose.err())
        .contains("error: keyring file " + absent + " not found")
        .contains("KeyringConfigException")
        .contains("\tat dev.fieldcrypt.core.dotenv.DotenvKeySource.load");
  }

  @Test
  void errorHandler_unexpectedException_saysSoAndPointsToVerbose() {
    assertThat(ErrorHandler.message(new IllegalStateException("boom\nsecond line")))
        .isEqualTo(
            "unexpected IllegalStateException: boom second line. Rerun with --verbose for the"
                + " stack trace and report it.");
    assertThat(ErrorHandler.exitCode(new IllegalStateException())).isEqualTo(ExitCodes.FAILURE);
  }
}
