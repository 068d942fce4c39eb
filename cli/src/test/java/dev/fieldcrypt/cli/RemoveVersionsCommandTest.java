package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoveVersionsCommandTest {
  @TempDir Path dir;
  private Path file;
  private final CliHarness cli = CliHarness.noTerminal();

  @BeforeEach
  void threeVersions() {
    file = dir.resolve(".env.crypto");
    cli.run("generate", "--env-file", file.toString()).succeeds();
    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
  }

  @Test
  void removeVersions_removesListedAndBacksUp() {
    int backupsBefore = KeyringBackups.of(file).list().size();

    CliHarness.Result r =
        cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v1,v2", "--yes")
            .succeeds();

    Keyring k = Keyring.load(file);
    assertThat(k.labels()).containsExactly("v3");
    assertThat(KeyringBackups.of(file).list()).hasSize(backupsBefore + 1);
    assertThat(r.out()).contains("[OK] Removed v1, v2 from " + file);
  }

  @Test
  void removeVersions_activeVersion_isRefused() throws IOException {
    byte[] before = Files.readAllBytes(file);

    cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v1,v3", "--yes")
        .failsWith(ExitCodes.FAILURE, "refusing to remove the active key version 'v3'");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void removeVersions_unknownVersion_fails() {
    cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v9", "--yes")
        .failsWith(ExitCodes.FAILURE, "'v9' is not in the keyring");
  }

  @Test
  void removeVersions_dryRun_changesNothing() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result r =
        cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v1", "--dry-run")
            .succeeds();

    assertThat(r.out()).contains("[DRY-RUN]").contains("Keep: v2, v3 (active v3)");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void removeVersions_noTerminalNoYes_refuses() throws IOException {
    byte[] before = Files.readAllBytes(file);

    cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v1")
        .failsWith(ExitCodes.USAGE, "no terminal", "--yes");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void removeVersions_badLabelOrMissingOption_isUsageError() {
    cli.run("remove-versions", "--env-file", file.toString(), "--versions", "v1,bad:label")
        .failsWith(ExitCodes.USAGE, "invalid key version label 'bad:label'");
    cli.run("remove-versions", "--env-file", file.toString(), "--yes")
        .failsWith(ExitCodes.USAGE, "Missing required option", "--versions");
  }
}
