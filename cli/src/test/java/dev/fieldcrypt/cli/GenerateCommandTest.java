package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve(".env.crypto");
  }

  private String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void generate_writesMode600KeyringAndPrintsNextSteps() throws IOException {
    CliHarness.Result r =
        CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();

    assertThat(mode(file())).isEqualTo("rw-------");
    Keyring k = Keyring.load(file());
    assertThat(k.labels()).containsExactly("v1");
    assertThat(k.activeVersion()).isEqualTo("v1");
    assertThat(r.out())
        .contains("[OK] Keyring written to " + file())
        .contains("Version: v1 (active)")
        .contains(">> .gitignore")
        .contains("fieldcrypt backup-config");
  }

  @Test
  void generate_customVersionAndSalt() {
    CliHarness.noTerminal()
        .run(
            "generate",
            "--env-file",
            file().toString(),
            "--version",
            "v1-prod",
            "--salt-bytes",
            "32")
        .succeeds();

    assertThat(Keyring.load(file()).activeVersion()).isEqualTo("v1-prod");
  }

  @Test
  void generate_existingFileWithoutForce_failsAndKeepsFile() throws IOException {
    CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();
    byte[] before = Files.readAllBytes(file());

    CliHarness.noTerminal()
        .run("generate", "--env-file", file().toString(), "--yes")
        .failsWith(ExitCodes.FAILURE, "already exists", "--force", "fieldcrypt rotate");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void generate_forceWithYes_backsUpAndReplaces() throws IOException {
    CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();
    byte[] before = Files.readAllBytes(file());

    CliHarness.Result r =
        CliHarness.noTerminal()
            .run("generate", "--env-file", file().toString(), "--force", "--yes")
            .succeeds();

    assertThat(Files.readAllBytes(file())).isNotEqualTo(before);
    try (var backups = Files.list(dir)) {
      Path backup =
          backups.filter(p -> p.getFileName().toString().contains(".backup_")).findFirst().get();
      assertThat(Files.readAllBytes(backup)).isEqualTo(before);
      assertThat(mode(backup)).isEqualTo("rw-------");
      assertThat(r.out()).contains("backed up to " + backup);
    }
  }

  @Test
  void generate_forceWithoutYesOrTerminal_refusesWithUsageCode() throws IOException {
    CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();
    byte[] before = Files.readAllBytes(file());

    CliHarness.noTerminal()
        .run("generate", "--env-file", file().toString(), "--force")
        .failsWith(ExitCodes.USAGE, "no terminal", "--yes");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void generate_forceAnsweredNo_abortsWithFailure() throws IOException {
    CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();
    byte[] before = Files.readAllBytes(file());
    CliHarness terminal = CliHarness.answering("n");

    terminal
        .run("generate", "--env-file", file().toString(), "--force")
        .failsWith(ExitCodes.FAILURE, "not confirmed; nothing was changed");
    assertThat(terminal.prompts).singleElement().asString().contains("[y/N]");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void generate_forceAnsweredYes_replaces() throws IOException {
    CliHarness.noTerminal().run("generate", "--env-file", file().toString()).succeeds();
    byte[] before = Files.readAllBytes(file());

    CliHarness.answering("yes")
        .run("generate", "--env-file", file().toString(), "--force")
        .succeeds();
    assertThat(Files.readAllBytes(file())).isNotEqualTo(before);
  }

  @Test
  void generate_keyBytesOtherThan32_isUsageError() {
    CliHarness.noTerminal()
        .run("generate", "--env-file", file().toString(), "--key-bytes", "16")
        .failsWith(ExitCodes.USAGE, "--key-bytes 16 is not supported", "AES-256", "32");
    assertThat(file()).doesNotExist();
  }

  @Test
  void generate_saltBytesOutOfRange_isUsageError() {
    CliHarness.noTerminal()
        .run("generate", "--env-file", file().toString(), "--salt-bytes", "8")
        .failsWith(ExitCodes.USAGE, "--salt-bytes 8 is out of range", "16 to 64");
  }

  @Test
  void generate_badVersionLabel_isUsageError() {
    CliHarness.noTerminal()
        .run("generate", "--env-file", file().toString(), "--version", "v1:bad")
        .failsWith(ExitCodes.USAGE, "--version", "invalid key version label 'v1:bad'");
    assertThat(file()).doesNotExist();
  }

  @Test
  void generate_parentIsAFile_failsWithOneLine() throws IOException {
    Path notADir = Files.writeString(dir.resolve("not-a-dir"), "x");

    CliHarness.noTerminal()
        .run("generate", "--env-file", notADir.resolve(".env.crypto").toString())
        .failsWith(ExitCodes.FAILURE, "cannot write");
  }
}
