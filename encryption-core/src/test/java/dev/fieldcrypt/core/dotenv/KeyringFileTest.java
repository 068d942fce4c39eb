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
      assertThat(files).containsExactly(f); // no temp file left behind
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
}
