package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringFileTest {
  @TempDir Path dir;

  @Test
  void write_thenLoad_roundTripsWithMode600() throws IOException {
    Keyring k = Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2", 24)));
    Path f = dir.resolve("sub/.env.crypto");
    KeyringFile.write(f, k);
    assertThat(Files.getPosixFilePermissions(f))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Keyring back = DotenvKeySource.builder().file(f).environment(Map.of()).build().load();
    assertThat(back.activeVersion()).isEqualTo("v2");
    assertThat(back.versions()).containsExactlyElementsOf(k.versions());
    try (var files = Files.list(f.getParent())) {
      // no temp file left behind; the (empty) lock file stays
      assertThat(files).containsExactlyInAnyOrder(f, f.resolveSibling(".env.crypto.lock"));
    }
  }

  @Test
  void write_replacesExistingFileAtomically_andTightensItsMode() throws IOException {
    Path f = dir.resolve(".env.crypto");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    assertThat(Files.readString(f))
        .startsWith("# fieldcrypt keyring")
        .contains("ACTIVE_ENCRYPTION_VERSION=\"v1\"");
    assertThat(Files.getPosixFilePermissions(f))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void write_unwritableDirectory_failsClearlyAndLeavesOldFile() throws IOException {
    Path ro = dir.resolve("ro");
    Files.createDirectories(ro);
    Path f = ro.resolve(".env.crypto");
    Files.writeString(f, "old");
    Path blocker = dir.resolve("file-not-dir");
    Files.writeString(blocker, "x");
    assertThatThrownBy(
            () ->
                KeyringFile.write(
                    blocker.resolve("x/.env.crypto"),
                    Keyring.of("v1", List.of(KeyVersion.generate("v1")))))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("cannot write");
    assertThat(Files.readString(f)).isEqualTo("old");
  }

  @Test
  void render_neverAppearsInToString() {
    KeyVersion v = KeyVersion.generate("v1");
    Keyring k = Keyring.of("v1", List.of(v));
    assertThat(KeyringFile.render(k))
        .contains(Base64.getEncoder().encodeToString(v.keyBytes(SecretKeyAccess.get())));
    assertThat(k.toString()).isEqualTo("Keyring[active=v1, versions=[v1]]");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static Keyring load(Path f) {
    return DotenvKeySource.builder().file(f).environment(Map.of()).build().load();
  }

  private static Keyring rotate(Keyring k) {
    return k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel()));
  }

  @Test
  void update_throughASymlink_replacesTheTargetKeepsTheLinkAndBacksUpBesideTheTarget()
      throws IOException {
    Path master = Files.createDirectories(dir.resolve("master"));
    Path target = master.resolve("keyring.env");
    KeyringFile.write(target, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    byte[] before = Files.readAllBytes(target);
    Path link = Files.createSymbolicLink(dir.resolve(".env.crypto"), Path.of("master/keyring.env"));

    KeyringFile.Updated u = KeyringFile.update(link, KeyringFileTest::rotate);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("master/keyring.env"));
    assertThat(load(target).labels()).containsExactly("v1", "v2");
    assertThat(mode(target)).isEqualTo("rw-------");
    assertThat(u.backup().getParent()).isEqualTo(master.toRealPath());
    assertThat(u.backup().getFileName().toString()).startsWith("keyring.env.backup_");
    assertThat(Files.readAllBytes(u.backup())).isEqualTo(before);
    assertThat(mode(u.backup())).isEqualTo("rw-------");
    assertThat(KeyringBackups.of(link).list()).containsExactly(u.backup());
    assertThat(master.resolve("keyring.env.lock")).exists();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(link, master);
    }
  }

  @Test
  void write_throughALinkChainAndADanglingLink_writesTheFinalTarget() throws IOException {
    Path target = dir.resolve("real.env");
    Path middle = Files.createSymbolicLink(dir.resolve("middle"), target);
    Path link = Files.createSymbolicLink(dir.resolve(".env.crypto"), middle);

    KeyringFile.write(link, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.isSymbolicLink(middle)).isTrue();
    assertThat(Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(load(link).labels()).containsExactly("v1");
  }

  @Test
  void update_rereadsTheFile_andBacksUpWhatItRead() throws IOException {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    KeyringFile.write(f, rotate(load(f))); // another writer got there first: v2

    KeyringFile.Updated u = KeyringFile.update(f, KeyringFileTest::rotate);

    assertThat(u.before().labels()).containsExactly("v1", "v2");
    assertThat(u.after().labels()).containsExactly("v1", "v2", "v3");
    assertThat(u.changed()).isTrue();
    assertThat(load(u.backup()).labels()).containsExactly("v1", "v2");
    assertThat(load(f).activeVersion()).isEqualTo("v3");
  }

  @Test
  void update_changeKeepsTheKeyring_writesNothing() throws IOException {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    byte[] before = Files.readAllBytes(f);

    KeyringFile.Updated u = KeyringFile.update(f, k -> k);

    assertThat(u.changed()).isFalse();
    assertThat(u.backup()).isNull();
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    assertThat(KeyringBackups.of(f).list()).isEmpty();
  }

  @Test
  void update_changeThrows_leavesFileAndBackupsAlone() throws IOException {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    byte[] before = Files.readAllBytes(f);

    assertThatThrownBy(() -> KeyringFile.update(f, k -> k.withActive("v9")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'v9' is not in the keyring");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    assertThat(KeyringBackups.of(f).list()).isEmpty();
    // the lock was released: the next update goes through
    assertThat(KeyringFile.update(f, KeyringFileTest::rotate).changed()).isTrue();
  }

  @Test
  void update_missingOrInsecureFile_isRefused() throws IOException {
    Path f = dir.resolve(".env.crypto");
    assertThatThrownBy(() -> KeyringFile.update(f, KeyringFileTest::rotate))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("fieldcrypt generate");
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyringFile.update(f, KeyringFileTest::rotate))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void replace_backsUpTheOldBytesThenWrites() throws IOException {
    Path f = dir.resolve(".env.crypto");
    Files.writeString(f, "not even a keyring");

    Path backup = KeyringFile.replace(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));

    assertThat(Files.readString(backup)).isEqualTo("not even a keyring");
    assertThat(mode(backup)).isEqualTo("rw-------");
    assertThat(load(f).labels()).containsExactly("v1");
    assertThatThrownBy(
            () ->
                KeyringFile.replace(
                    dir.resolve("absent"), Keyring.of("v1", List.of(KeyVersion.generate("v1")))))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void createNew_existingFile_isRefusedAndKept() throws IOException {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.createNew(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    byte[] before = Files.readAllBytes(f);

    assertThatThrownBy(
            () -> KeyringFile.createNew(f, Keyring.of("v1", List.of(KeyVersion.generate("v1")))))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("already exists");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
  }

  @Test
  void write_directoryAsTheFile_isRefused() throws IOException {
    Path d = Files.createDirectories(dir.resolve("conf"));

    assertThatThrownBy(
            () -> KeyringFile.write(d, Keyring.of("v1", List.of(KeyVersion.generate("v1")))))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("is a directory, not a keyring file");
    assertThat(d).isDirectory();
  }
}
