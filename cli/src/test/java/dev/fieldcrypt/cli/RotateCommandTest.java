package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateCommandTest {
  @TempDir Path dir;
  private Path file;
  private final CliHarness cli = CliHarness.noTerminal();

  @BeforeEach
  void generate() {
    file = dir.resolve(".env.crypto");
    cli.run("generate", "--env-file", file.toString()).succeeds();
  }

  @Test
  void rotate_autoIncrementsActivatesAndBacksUp() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result r = cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();

    Keyring k = Keyring.load(file);
    assertThat(k.labels()).containsExactly("v1", "v2");
    assertThat(k.activeVersion()).isEqualTo("v2");
    assertThat(KeyringBackups.of(file).list())
        .singleElement()
        .satisfies(b -> assertThat(Files.readAllBytes(b)).isEqualTo(before));
    assertThat(r.out())
        .contains("New version: v2")
        .contains("[OK] New version 'v2' created and active")
        .contains("fieldcrypt reencrypt");

    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
    assertThat(Keyring.load(file).activeVersion()).isEqualTo("v3");
  }

  @Test
  void rotate_noActivate_addsTheVersionAndKeepsTheActiveOne() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result r =
        cli.run("rotate", "--env-file", file.toString(), "--no-activate", "--yes").succeeds();

    Keyring k = Keyring.load(file);
    assertThat(k.labels()).containsExactly("v1", "v2");
    assertThat(k.activeVersion()).isEqualTo("v1");
    assertThat(KeyringBackups.of(file).list())
        .singleElement()
        .satisfies(b -> assertThat(Files.readAllBytes(b)).isEqualTo(before));
    assertThat(r.out())
        .contains("New version: v2 (not activated)")
        .contains("'v1' stays active")
        .contains("fieldcrypt activate --version v2");
  }

  @Test
  void rotate_namedVersion() {
    cli.run("rotate", "--env-file", file.toString(), "--new-version", "v2-prod", "--yes")
        .succeeds();

    assertThat(Keyring.load(file).activeVersion()).isEqualTo("v2-prod");
  }

  @Test
  void rotate_existingVersion_failsNamingNextFree() {
    cli.run("rotate", "--env-file", file.toString(), "--new-version", "v1", "--yes")
        .failsWith(ExitCodes.FAILURE, "'v1' already exists", "'v2'");
  }

  @Test
  void rotate_badLabel_isUsageError() {
    cli.run("rotate", "--env-file", file.toString(), "--new-version", "has space", "--yes")
        .failsWith(ExitCodes.USAGE, "invalid key version label");
  }

  @Test
  void rotate_dryRunAndNoPersist_changeNothing() throws IOException {
    byte[] before = Files.readAllBytes(file);

    CliHarness.Result dry =
        cli.run("rotate", "--env-file", file.toString(), "--dry-run").succeeds();
    CliHarness.Result noPersist =
        cli.run("rotate", "--env-file", file.toString(), "--no-persist").succeeds();

    assertThat(dry.out()).contains("[DRY-RUN]").contains("Nothing was changed");
    assertThat(noPersist.out()).contains("Persist: no").contains("Nothing was changed");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).isEmpty();
  }

  @Test
  void rotate_noTerminalNoYes_refusesAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(file);

    cli.run("rotate", "--env-file", file.toString())
        .failsWith(ExitCodes.USAGE, "no terminal", "rerun with --yes");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).isEmpty();
  }

  @Test
  void rotate_promptAnsweredYes_rotates() {
    CliHarness terminal = CliHarness.answering("y");

    terminal.run("rotate", "--env-file", file.toString()).succeeds();

    assertThat(terminal.prompts)
        .containsExactly("Create version 'v2' in " + file + " and make it active? [y/N]: ");
    assertThat(Keyring.load(file).activeVersion()).isEqualTo("v2");
  }

  @Test
  void rotate_missingFile_failsNamingGenerate() {
    cli.run("rotate", "--env-file", dir.resolve("absent").toString(), "--yes")
        .failsWith(ExitCodes.FAILURE, "does not exist", "fieldcrypt generate");
  }

  @Test
  void rotate_ignoresEnvironmentWhenRewritingFileButWarns() {
    CliHarness.Result r =
        CliHarness.noTerminal()
            .environment(Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"))
            .run("rotate", "--env-file", file.toString(), "--yes")
            .succeeds();

    assertThat(Keyring.load(file).activeVersion()).isEqualTo("v2"); // Keyring.load uses real env
    assertThat(r.out()).contains("[WARN] the environment sets ACTIVE_ENCRYPTION_VERSION");
  }

  @Test
  void rotate_keyBytes16_isUsageError() {
    cli.run("rotate", "--env-file", file.toString(), "--key-bytes", "16", "--yes")
        .failsWith(ExitCodes.USAGE, "--key-bytes 16 is not supported");
  }

  @Test
  void rotate_throughASymlink_rotatesTheTargetAndKeepsTheLink() throws IOException {
    Path master = Files.createDirectories(dir.resolve("master"));
    Path target = master.resolve("keyring.env");
    cli.run("generate", "--env-file", target.toString()).succeeds();
    Path link = Files.createSymbolicLink(dir.resolve("linked.env"), Path.of("master/keyring.env"));

    cli.run("rotate", "--env-file", link.toString(), "--yes").succeeds();

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Keyring.load(target).labels()).containsExactly("v1", "v2");
    assertThat(KeyringBackups.of(link).list())
        .singleElement()
        .satisfies(b -> assertThat(b.getParent()).isEqualTo(master.toRealPath()));
  }
}
