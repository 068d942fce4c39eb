package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySourcesTest {
  @TempDir Path dir;
  private final KeyVersion v1 = KeyVersion.generate("v1");

  private Path keyringFile(String name) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "ACTIVE_ENCRYPTION_VERSION=v1\nENCRYPTION_KEYS__v1="
            + b64.encodeToString(v1.keyBytes(SecretKeyAccess.get()))
            + "\nENCRYPTION_SALT__v1="
            + b64.encodeToString(v1.saltBytes(SecretKeyAccess.get()))
            + "\nENCRYPTION_SALT_HASH__v1="
            + v1.saltHash()
            + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void open_fileScheme_isTheDotenvSource() throws IOException {
    Path f = keyringFile(".env.crypto");

    KeySource source = KeySources.open("file:" + f, Map.of());

    assertThat(source.load().version("v1")).hasValue(v1);
    assertThat(source.describe()).contains(f.toString());
    assertThat(source.getClass().getName()).isEqualTo("dev.fieldcrypt.core.dotenv.DotenvKeySource");
  }

  @Test
  void open_barePathAndFileUri_areTheDotenvSourceToo() throws IOException {
    Path f = keyringFile("with space.env");

    assertThat(KeySources.open(f.toString(), Map.of()).load().labels()).containsExactly("v1");
    assertThat(KeySources.open(f.toUri().toString(), Map.of()).load().labels())
        .containsExactly("v1");
    assertThat(KeySources.open("FILE:" + f, Map.of()).load().labels()).containsExactly("v1");
  }

  @Test
  void open_fileNameWithAColon_isNamedWithFileScheme() throws IOException {
    keyringFile("keys:prod.env");
    Path relative = dir.relativize(dir.resolve("keys:prod.env"));

    assertThatThrownBy(() -> KeySources.open(relative.toString(), Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'keys:'")
        .hasMessageContaining("write 'file:keys:");
    assertThat(KeySources.open("file:" + dir.resolve("keys:prod.env"), Map.of()).load().labels())
        .containsExactly("v1");
  }

  @Test
  void open_unknownScheme_namesTheKnownSchemesAndTheModuleToAdd() {
    assertThatThrownBy(() -> KeySources.open("vault:secret/app?token=s3cr3t", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(
            "no key source handles the scheme 'vault:' (known: encrypted-file, file)")
        .hasMessageContaining("Add the module fieldcrypt-vault to the classpath")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    assertThatThrownBy(() -> KeySources.open("consul:kv/app", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("Add the fieldcrypt module that provides 'consul:'");
  }

  @Test
  void open_emptyLocationOrUri_isRejected() {
    assertThatThrownBy(() -> KeySources.open("file:", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("names no file");
    assertThatThrownBy(() -> KeySources.open(" ", Map.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> KeySources.open(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void schemes_listsTheFileProvider() {
    assertThat(KeySources.schemes()).contains("file");
  }

  @Test
  void keyringLoad_goesThroughTheFileScheme() throws IOException {
    Path f = keyringFile(".env.crypto");

    assertThat(Keyring.load(f).version("v1")).hasValue(v1);
    assertThatThrownBy(() -> Keyring.load(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void keyBytes_needTheAccessToken() {
    assertThat(v1.keyBytes(SecretKeyAccess.get())).hasSize(32).isEqualTo(v1.key());
    assertThatThrownBy(() -> v1.keyBytes(null)).isInstanceOf(InvalidArgumentException.class);
    assertThat(List.of(SecretKeyAccess.get().toString())).containsExactly("SecretKeyAccess");
  }

  @Test
  void open_brokenProviderOfTheContextClassLoader_isSkipped() throws Exception {
    Path f = keyringFile(".env.crypto");
    Path services = Files.createDirectories(dir.resolve("cp/META-INF/services"));
    Files.writeString(
        services.resolve(KeySourceProvider.class.getName()), "com.example.NoSuchProvider\n");
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader context =
        new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(context);

      assertThat(KeySources.open("file:" + f, Map.of()).load().labels()).containsExactly("v1");
      assertThat(KeySources.schemes()).contains("file");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }
}
