package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.output.LogSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingTest {
  @TempDir Path dir;
  private final CliHarness cli = CliHarness.noTerminal();

  private static final String LINE =
      "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} (INFO |WARN |ERROR|DEBUG) "
          + "\\[(\\w|-)+_\\d{8}_\\d{6}_[0-9a-f]{4}\\] [\\w.]+ - .*";

  @Test
  void logfile_hasTimestampLevelOperationIdLoggerAndAuditLines() throws IOException {
    Path file = dir.resolve(".env.crypto");
    Path log = dir.resolve("ops.log");
    cli.run("generate", "--env-file", file.toString(), "--logfile", log.toString()).succeeds();
    cli.run("rotate", "--env-file", file.toString(), "--yes", "--logfile", log.toString())
        .succeeds();

    List<String> lines = Files.readAllLines(log);

    assertThat(lines).allSatisfy(l -> assertThat(l).matches(LINE));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("[generate_").contains("AUDIT action=generate"))
        .anySatisfy(l -> assertThat(l).contains("AUDIT action=backup"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("[rotate_")
                    .contains("dev.fieldcrypt.cli.audit")
                    .contains("AUDIT action=rotate")
                    .contains("new_version=v2 previous_active=v1"))
        .anySatisfy(l -> assertThat(l).contains("fieldcrypt rotate finished: exit 0"))
        .anySatisfy(l -> assertThat(l).contains("dev.fieldcrypt.cli.output - [OK] New version"));
    assertThat(
            lines.stream()
                .map(l -> l.replaceFirst("^\\S+ \\S+ \\S+ +\\[([^\\]]+)\\].*", "$1"))
                .distinct())
        .hasSize(2);
  }

  @Test
  void logfile_isCreatedOwnerOnly_andAnExistingOneIsTightened() throws IOException {
    Path file = dir.resolve(".env.crypto");
    Path fresh = dir.resolve("fresh.log");
    cli.run("generate", "--env-file", file.toString(), "--logfile", fresh.toString()).succeeds();
    assertThat(java.nio.file.Files.getPosixFilePermissions(fresh))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path open = dir.resolve("open.log");
    java.nio.file.Files.createFile(open);
    java.nio.file.Files.setPosixFilePermissions(
        open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    cli.run("list", "--env-file", file.toString(), "--logfile", open.toString()).succeeds();
    assertThat(java.nio.file.Files.getPosixFilePermissions(open))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void logfile_recordsFailures() throws IOException {
    Path log = dir.resolve("fail.log");

    cli.run("list", "--env-file", dir.resolve("absent").toString(), "--logfile", log.toString())
        .failsWith(ExitCodes.FAILURE, "not found");

    assertThat(Files.readString(log)).contains("ERROR").contains("error: keyring file");
  }

  @Test
  void logfile_unwritable_failsWithOneLine() {
    cli.run("list", "--logfile", dir.resolve("no/such/dir/x.log").toString())
        .failsWith(ExitCodes.FAILURE, "cannot write the log file", "--logfile");
  }

  @Test
  void logfile_emptyOption_picksTimestampedName() {
    assertThat(LogSession.logFile("", "20250114_123456"))
        .isEqualTo(Path.of("fieldcrypt_20250114_123456.log"));
    assertThat(LogSession.logFile("my.log", "20250114_123456")).isEqualTo(Path.of("my.log"));
  }

  @Test
  void verbose_showsDebugLinesOnStderr() {
    Path file = dir.resolve(".env.crypto");

    CliHarness.Result r = cli.run("generate", "--env-file", file.toString(), "--verbose");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("fieldcrypt generate started").contains("AUDIT action=generate");
  }

  @Test
  void withoutLogfile_nothingIsWrittenAnywhere() throws IOException {
    Path file = dir.resolve(".env.crypto");

    cli.run("generate", "--env-file", file.toString()).succeeds();

    try (var files = Files.list(dir)) {
      // the keyring and its (empty) lock file, no log
      assertThat(files).containsExactlyInAnyOrder(file, dir.resolve(".env.crypto.lock"));
    }
  }
}
