package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The old names users wrote keep working, through the dotenv package. */
@SuppressWarnings("deprecation")
class DeprecatedAliasesTest {
  @TempDir Path dir;

  @Test
  void keyringFileWrite_andDotenvKeySource_roundTrip() throws IOException {
    Keyring k = Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));
    Path f = dir.resolve(DotenvKeySource.DEFAULT_FILE);

    KeyringFile.write(f, k);
    DotenvKeySource source =
        DotenvKeySource.builder()
            .file(f)
            .environment(Map.of())
            .allowInsecurePermissions(false)
            .build();
    KeySource asKeySource = source;

    assertThat(asKeySource.load().versions()).containsExactlyElementsOf(k.versions());
    assertThat(source.file()).isEqualTo(f);
    assertThat(source.describe()).contains(f.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(DotenvKeySource.DEFAULT_FILE).isEqualTo(".env.crypto");
  }

  @Test
  void dotenvKeySource_allowInsecurePermissions_isPassedOn() throws IOException {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.write(f, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(
            DotenvKeySource.builder()
                .file(f)
                .environment(Map.of())
                .allowInsecurePermissions(true)
                .build()
                .load()
                .activeVersion())
        .isEqualTo("v1");
  }
}
