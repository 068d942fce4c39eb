package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreCommandTest {
  @TempDir Path dir;
  private Path file;
  private final CliHarness cli = CliHarness.noTerminal();

  @BeforeEach
  void generate() {
    file = dir.resolve(".env.crypto");
    cli.run("generate", "--env-file", file.toString()).succeeds();
  }

  private Path backup(String stamp) throws IOException {
    Path p = dir.resolve(".env.crypto.backup_" + stamp);
    Files.copy(file, p);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  @Test
  void backupConfig_createsPrivateTimestampedCopy() throws IOException {
    CliHarness.Result r = cli.run("backup-config", "--env-file", file.toString()).succeeds();

    Path backup = KeyringBackups.of(file).list().get(0);
    assertThat(backup.getFileName().toString()).matches("\\.env\\.crypto\\.backup_\\d{8}_\\d{6}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertThat(Files.readAllBytes(backup)).isEqualTo(Files.readAllBytes(file));
    assertThat(r.out()).contains("[OK] Backup created: " + backup);
  }

  @Test
  void backupConfig_cleanupOld_keepsNewest() throws IOException {
    backup("20200101_000000");
    backup("20200102_000000");
    backup("20200103_000000");

    CliHarness.Result r =
        cli.run(
                "backup-config",
                "--env-file",
                file.toString(),
                "--cleanup-old",
                "--keep-backups",
                "2")
            .succeeds();

    List<Path> left = KeyringBackups.of(file).list();
    assertThat(left).hasSize(2);
    assertThat(left.get(1).getFileName()).hasToString(".env.crypto.backup_20200103_000000");
    assertThat(r.out()).contains("deleted 2");
  }

  @Test
  void backupConfig_keepZero_isUsageError() {
    cli.run("backup-config", "--env-file", file.toString(), "--cleanup-old", "--keep-backups", "0")
        .failsWith(ExitCodes.USAGE, "--keep-backups must be at least 1");
  }

  @Test
  void backupConfig_missingFile_fails() {
    cli.run("backup-config", "--env-file", dir.resolve("absent").toString())
        .failsWith(ExitCodes.FAILURE, "does not exist");
  }

  @Test
  void restoreConfig_restoresAfterRotationAndBacksUpCurrent() throws IOException {
    Path old = backup("20200101_000000");
    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
    byte[] rotated = Files.readAllBytes(file);

    CliHarness.Result r =
        cli.run(
                "restore-config",
                "--env-file",
                file.toString(),
                "--backup-file",
                old.toString(),
                "--yes")
            .succeeds();

    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(old));
    assertThat(Keyring.load(file).labels()).containsExactly("v1");
    assertThat(r.out())
        .contains("[WARN] the backup lacks version(s) v2")
        .contains("[OK] Current file backed up to");
    assertThat(KeyringBackups.of(file).list())
        .anySatisfy(b -> assertThat(Files.readAllBytes(b)).isEqualTo(rotated));
  }

  @Test
  void restoreConfig_invalidBackup_failsAndChangesNothing() throws IOException {
    Path broken = backup("20200101_000000");
    Files.writeString(
        broken,
        Files.readString(broken)
            .replaceFirst("SALT_HASH__v1=\"[0-9a-f]{64}", "SALT_HASH__v1=\"" + "0".repeat(64)));
    byte[] before = Files.readAllBytes(file);

    cli.run(
            "restore-config",
            "--env-file",
            file.toString(),
            "--backup-file",
            broken.toString(),
            "--yes")
        .failsWith(ExitCodes.FAILURE, "salt integrity check failed");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).containsExactly(broken);
  }

  @Test
  void restoreConfig_missingBackupFile_fails() {
    cli.run(
            "restore-config",
            "--env-file",
            file.toString(),
            "--backup-file",
            dir.resolve("nope").toString(),
            "--yes")
        .failsWith(ExitCodes.FAILURE, "does not exist");
  }

  @Test
  void restoreConfig_withoutBackupFileOption_isUsageError() {
    cli.run("restore-config", "--env-file", file.toString(), "--yes")
        .failsWith(ExitCodes.USAGE, "Missing required option", "--backup-file");
  }

  @Test
  void restoreConfig_noTerminalNoYes_refuses() throws IOException {
    Path old = backup("20200101_000000");
    cli.run("rotate", "--env-file", file.toString(), "--yes").succeeds();
    byte[] before = Files.readAllBytes(file);

    cli.run("restore-config", "--env-file", file.toString(), "--backup-file", old.toString())
        .failsWith(ExitCodes.USAGE, "no terminal");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }
}
