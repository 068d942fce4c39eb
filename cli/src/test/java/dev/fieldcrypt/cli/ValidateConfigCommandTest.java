package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateConfigCommandTest {
  @TempDir Path dir;
  private Path file;
  private final CliHarness cli = CliHarness.noTerminal();

  @BeforeEach
  void generate() {
    file = dir.resolve(".env.crypto");
    cli.run("generate", "--env-file", file.toString()).succeeds();
    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
  }

  @Test
  void validateConfig_validFile_exitsZero() {
    CliHarness.Result r = cli.run("validate-config", "--env-file", file.toString()).succeeds();

    assertThat(r.out()).contains("[OK] " + file + " is valid: 2 version(s) (v1, v2), active v2");
  }

  @Test
  void validateConfig_everyProblemOnItsOwnLine() throws IOException {
    String content = Files.readString(file);
    content =
        content
            .replaceFirst("ENCRYPTION_KEYS__v1=\"[^\"]*\"", "ENCRYPTION_KEYS__v1=\"AAAA\"")
            .replaceFirst(
                "ENCRYPTION_SALT_HASH__v2=\"[0-9a-f]{64}\"",
                "ENCRYPTION_SALT_HASH__v2=\"" + "0".repeat(64) + "\"")
            .replace("ACTIVE_ENCRYPTION_VERSION=\"v2\"", "ACTIVE_ENCRYPTION_VERSION=\"v7\"");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    CliHarness.Result r = cli.run("validate-config", "--env-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out().lines().filter(l -> l.startsWith("[FAIL] ")))
        .hasSize(4)
        .anySatisfy(l -> assertThat(l).contains("chmod 600"))
        .anySatisfy(l -> assertThat(l).contains("ENCRYPTION_KEYS__v1 is 3 bytes"))
        .anySatisfy(l -> assertThat(l).contains("ENCRYPTION_SALT_HASH__v2 does not match"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(
                        "ACTIVE_ENCRYPTION_VERSION names a version the keyring does not hold"));
    assertThat(r.errLines())
        .containsExactly(
            "error: 4 problem(s) in "
                + file
                + "; fix them, or restore a backup with 'fieldcrypt"
                + " restore-config'.");
  }

  @Test
  void validateConfig_missingFile_failsWithOneProblem() {
    CliHarness.Result r =
        cli.run("validate-config", "--env-file", dir.resolve("absent").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out().lines()).singleElement().asString().contains("not found");
  }

  @Test
  void validateConfig_brokenEnvironmentOverride_isAProblem() {
    CliHarness.Result r =
        CliHarness.noTerminal()
            .environment(Map.of("ENCRYPTION_SALT_HASH__v1", "00"))
            .run("validate-config", "--env-file", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out()).contains("[FAIL] with the environment's overrides:");
  }
}
