package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringBackupsTest {
  @TempDir Path dir;
  private Path file;
  private final Clock clock = Clock.fixed(Instant.parse("2025-01-14T12:34:56Z"), ZoneOffset.UTC);
  private final Keyring v1 = Keyring.of("v1", List.of(KeyVersion.generate("v1")));

  @BeforeEach
  void writeKeyring() {
    file = dir.resolve(".env.crypto");
    KeyringFile.write(file, v1);
  }

  @Test
  void create_copiesBytesWithUtcTimestampAndMode600() throws IOException {
    Path backup = KeyringBackups.of(file, clock).create();

    assertThat(backup.getFileName()).hasToString(".env.crypto.backup_20250114_123456");
    assertThat(Files.readAllBytes(backup)).isEqualTo(Files.readAllBytes(file));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_sameSecond_addsCounterSuffix() {
    KeyringBackups backups = KeyringBackups.of(file, clock);
    Path first = backups.create();
    Path second = backups.create();
    Path third = backups.create();

    assertThat(second.getFileName()).hasToString(".env.crypto.backup_20250114_123456_1");
    assertThat(third.getFileName()).hasToString(".env.crypto.backup_20250114_123456_2");
    assertThat(backups.list()).containsExactly(third, second, first);
  }

  @Test
  void create_missingFile_throwsNamingGenerate() {
    assertThatThrownBy(() -> KeyringBackups.of(dir.resolve("absent"), clock).create())
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("absent does not exist")
        .hasMessageContaining("fieldcrypt generate");
  }

  @Test
  void list_ignoresOtherFilesAndSortsNewestFirst() throws IOException {
    Files.writeString(dir.resolve(".env.crypto.backup_20240101_000000"), "x");
    Files.writeString(dir.resolve(".env.crypto.backup_20250101_000000"), "x");
    Files.writeString(dir.resolve(".env.crypto.backup-old"), "x");
    Files.writeString(dir.resolve("other.backup_20260101_000000"), "x");

    assertThat(KeyringBackups.of(file, clock).list())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            ".env.crypto.backup_20250101_000000", ".env.crypto.backup_20240101_000000");
  }

  @Test
  void prune_keepsNewestAndDeletesTheRest() throws IOException {
    for (String stamp : List.of("20240101_000000", "20240102_000000", "20240103_000000")) {
      Files.writeString(dir.resolve(".env.crypto.backup_" + stamp), "x");
    }
    KeyringBackups backups = KeyringBackups.of(file, clock);

    List<Path> deleted = backups.prune(2);

    assertThat(deleted)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(".env.crypto.backup_20240101_000000");
    assertThat(backups.list()).hasSize(2);
    assertThatThrownBy(() -> backups.prune(0)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void restore_validBackup_replacesFileAndBacksUpCurrent() {
    KeyringBackups backups = KeyringBackups.of(file, clock);
    Path old = backups.create();
    Keyring rotated = v1.withActiveVersion(KeyVersion.generate("v2"));
    KeyringFile.write(file, rotated);

    KeyringBackups.RestorePreview preview = backups.preview(old);
    KeyringBackups.Restored restored = backups.restore(old);

    assertThat(preview.droppedVersions()).containsExactly("v2");
    assertThat(preview.replacesExisting()).isTrue();
    assertThat(restored.keyring().labels()).containsExactly("v1");
    assertThat(restored.previousBackup()).isNotNull();
    assertThat(Keyring.load(file).labels()).containsExactly("v1");
    assertThat(Keyring.load(restored.previousBackup()).labels()).containsExactly("v1", "v2");
  }

  @Test
  void restore_invalidBackup_throwsAndLeavesFileUnchanged() throws IOException {
    Path broken = dir.resolve(".env.crypto.backup_20250101_000000");
    Files.writeString(broken, "ACTIVE_ENCRYPTION_VERSION=v1\nENCRYPTION_KEYS__v1=AAAA\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-------"));
    byte[] before = Files.readAllBytes(file);
    KeyringBackups backups = KeyringBackups.of(file, clock);

    assertThatThrownBy(() -> backups.restore(broken))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("ENCRYPTION_SALT__v1 is missing");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(backups.list()).containsExactly(broken);
  }

  @Test
  void restore_missingBackup_throwsNamingHowToList() {
    assertThatThrownBy(() -> KeyringBackups.of(file, clock).restore(dir.resolve("nope")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(".backup_*");
  }

  @Test
  void restore_theKeyringFileItself_throws() {
    assertThatThrownBy(() -> KeyringBackups.of(file, clock).restore(file))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("is the keyring file itself");
  }

  @Test
  void restore_whenNoCurrentFile_writesWithoutPreviousBackup() throws IOException {
    Path backup = KeyringBackups.of(file, clock).create();
    Files.delete(file);

    KeyringBackups.Restored restored = KeyringBackups.of(file, clock).restore(backup);

    assertThat(restored.hadPrevious()).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void createAndRestore_throughASymlink_workBesideTheTargetAndKeepTheLink() throws IOException {
    Path master = Files.createDirectories(dir.resolve("master"));
    Path target = master.resolve("keyring.env");
    KeyringFile.write(target, v1);
    Path link = Files.createSymbolicLink(dir.resolve("linked.env"), Path.of("master/keyring.env"));
    KeyringBackups backups = KeyringBackups.of(link, clock);

    Path old = backups.create();
    KeyringFile.update(link, k -> k.withActiveVersion(KeyVersion.generate("v2")));
    KeyringBackups.Restored restored = backups.restore(old);

    assertThat(old).isEqualTo(master.toRealPath().resolve("keyring.env.backup_20250114_123456"));
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Keyring.load(target).labels()).containsExactly("v1");
    assertThat(restored.previousBackup().getParent()).isEqualTo(master.toRealPath());
    assertThat(Keyring.load(restored.previousBackup()).labels()).containsExactly("v1", "v2");
    assertThatThrownBy(() -> backups.restore(target))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("is the keyring file itself");
  }
}
