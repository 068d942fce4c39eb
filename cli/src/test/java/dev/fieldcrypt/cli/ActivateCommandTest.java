package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivateCommandTest {
  @TempDir Path dir;
  private Path file;
  private final CliHarness cli = CliHarness.noTerminal();

  @BeforeEach
  void stagedRotation() {
    file = dir.resolve(".env.crypto");
    cli.run("generate", "--env-file", file.toString()).succeeds();
    cli.run("rotate", "--env-file", file.toString(), "--no-activate", "--yes").succeeds();
  }

  @Test
  void activate_makesTheStagedVersionActiveAfterABackup() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result r =
        cli.run("activate", "--env-file", file.toString(), "--version", "v2", "--yes").succeeds();

    Keyring k = Keyring.load(file);
    assertThat(k.activeVersion()).isEqualTo("v2");
    assertThat(k.labels()).containsExactly("v1", "v2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeyringBackups.of(file).list())
        .anySatisfy(b -> assertThat(Files.readAllBytes(b)).isEqualTo(before));
    assertThat(r.out()).contains("'v2' is now the active version").contains("fieldcrypt reencrypt");
  }

  @Test
  void activate_backToAnOlderVersionWorksToo() {
    cli.run("activate", "--env-file", file.toString(), "--version", "v2", "--yes").succeeds();
    cli.run("activate", "--env-file", file.toString(), "--version", "v1", "--yes").succeeds();

    assertThat(Keyring.load(file).activeVersion()).isEqualTo("v1");
  }

  @Test
  void activate_theActiveVersion_isANoOp() throws IOException {
    byte[] before = Files.readAllBytes(file);
    int backups = KeyringBackups.of(file).list().size();

    CliHarness.Result r =
        cli.run("activate", "--env-file", file.toString(), "--version", "v1", "--yes").succeeds();

    assertThat(r.out()).contains("already the active version");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).hasSize(backups);
  }

  @Test
  void activate_unknownVersion_failsNamingTheVersionsAndTheRemedy() throws IOException {
    byte[] before = Files.readAllBytes(file);

    cli.run("activate", "--env-file", file.toString(), "--version", "v7", "--yes")
        .failsWith(ExitCodes.FAILURE, "'v7' is not in", "v1, v2", "rotate --no-activate");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void activate_dryRun_changesNothing() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result r =
        cli.run("activate", "--env-file", file.toString(), "--version", "v2", "--dry-run")
            .succeeds();

    assertThat(r.out()).contains("[DRY-RUN]").contains("Nothing was changed");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void activate_withoutYesAndWithoutTerminal_refuses() throws IOException {
    byte[] before = Files.readAllBytes(file);

    cli.run("activate", "--env-file", file.toString(), "--version", "v2")
        .failsWith(ExitCodes.USAGE, "no terminal", "--yes");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void activate_missingVersionOption_isUsageError() {
    cli.run("activate", "--env-file", file.toString()).failsWith(ExitCodes.USAGE, "--version");
  }
}
