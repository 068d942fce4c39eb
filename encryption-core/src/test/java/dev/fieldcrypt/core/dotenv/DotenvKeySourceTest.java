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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotenvKeySourceTest {
  @TempDir Path dir;
  private final Base64.Encoder b64 = Base64.getEncoder();
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");

  private Path file(String content) throws IOException {
    Path f = dir.resolve(".env.crypto");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private String lines(KeyVersion v) {
    return "ENCRYPTION_KEYS__"
        + v.label()
        + "=\""
        + b64.encodeToString(v.keyBytes(SecretKeyAccess.get()))
        + "\"\n"
        + "ENCRYPTION_SALT__"
        + v.label()
        + "='"
        + b64.encodeToString(v.saltBytes(SecretKeyAccess.get()))
        + "'\n"
        + "ENCRYPTION_SALT_HASH__"
        + v.label()
        + "="
        + v.saltHash()
        + "\n";
  }

  private Keyring load(Path f, Map<String, String> env) {
    return DotenvKeySource.builder().file(f).environment(env).build().load();
  }

  private void assertNoMaterial(Throwable e) {
    String m = e.getMessage();
    for (KeyVersion v : List.of(v1, v2)) {
      assertThat(m)
          .doesNotContain(b64.encodeToString(v.keyBytes(SecretKeyAccess.get())))
          .doesNotContain(b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
    }
  }

  @Test
  void load_seedShapedFile_withCommentsQuotesAndExport() throws IOException {
    Path f =
        file(
            "# Generated 2025-01-14\n# KEEP SECRET\n\nexport ACTIVE_ENCRYPTION_VERSION=\"v2\"  # the active one\n"
                + lines(v1)
                + "\n"
                + lines(v2)
                + "OTHER_APP_SETTING=ignored\n");
    Keyring k = load(f, Map.of());
    assertThat(k.activeVersion()).isEqualTo("v2");
    assertThat(k.labels()).containsExactly("v1", "v2");
    assertThat(k.version("v1")).hasValue(v1);
    assertThat(k.origin("v1")).isEqualTo("file " + f);
  }

  @Test
  void load_environmentOverridesFileAndAddsVersions() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1));
    Map<String, String> env = new HashMap<>();
    env.put("ACTIVE_ENCRYPTION_VERSION", "v2");
    env.put("ENCRYPTION_KEYS__v2", b64.encodeToString(v2.keyBytes(SecretKeyAccess.get())));
    env.put("ENCRYPTION_SALT__v2", b64.encodeToString(v2.saltBytes(SecretKeyAccess.get())));
    env.put("ENCRYPTION_SALT_HASH__v2", v2.saltHash());
    Keyring k = load(f, env);
    assertThat(k.activeVersion()).isEqualTo("v2");
    assertThat(k.labels()).containsExactlyInAnyOrder("v1", "v2");
    assertThat(k.origin("v2")).isEqualTo("environment variable ENCRYPTION_KEYS__v2");
  }

  @Test
  void load_fileSecretVariables_readValuesFromFiles() throws IOException {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, b64.encodeToString(v1.keyBytes(SecretKeyAccess.get())) + "\n");
    Map<String, String> env =
        Map.of(
            "ACTIVE_ENCRYPTION_VERSION", "v1",
            "ENCRYPTION_KEYS__v1_FILE", keyFile.toString(),
            "ENCRYPTION_SALT__v1", b64.encodeToString(v1.saltBytes(SecretKeyAccess.get())),
            "ENCRYPTION_SALT_HASH__v1", v1.saltHash());
    Keyring k = load(dir.resolve("absent"), env);
    assertThat(k.version("v1")).hasValue(v1);
  }

  @Test
  void load_variableAndItsFileVariantBothSet_isRejected() {
    Map<String, String> env =
        Map.of("ENCRYPTION_KEYS__v1", "x", "ENCRYPTION_KEYS__v1_FILE", "/nope");
    assertThatThrownBy(() -> load(dir.resolve("absent"), env))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("both ENCRYPTION_KEYS__v1 and ENCRYPTION_KEYS__v1_FILE");
  }

  @Test
  void load_missingSecretFile_namesVariableAndPath() {
    Map<String, String> env = Map.of("ENCRYPTION_KEYS__v1_FILE", "/run/secrets/nope");
    assertThatThrownBy(() -> load(dir.resolve("absent"), env))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("ENCRYPTION_KEYS__v1_FILE names /run/secrets/nope");
  }

  @Test
  void load_noFileNoEnvironment_saysHowToCreateOne() {
    assertThatThrownBy(() -> load(dir.resolve(".env.crypto"), Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("fieldcrypt generate");
  }

  @Test
  void load_activeVersionMissing_isRejected() throws IOException {
    Path f = file(lines(v1));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("no active key version")
        .hasMessageContaining("ACTIVE_ENCRYPTION_VERSION");
  }

  @Test
  void load_activeVersionNotInKeyring_namesTheVersionsThereAre() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v3\n" + lines(v1) + lines(v2));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(
            f
                + ":1: ACTIVE_ENCRYPTION_VERSION names a version the keyring does not hold (it has"
                + " v1, v2)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("v3"));
  }

  @Test
  void load_keyOfWrongSize_isRejectedWithoutShowingIt() throws IOException {
    String shortKey = b64.encodeToString(new byte[16]);
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v1\nENCRYPTION_KEYS__v1="
                + shortKey
                + "\n"
                + "ENCRYPTION_SALT__v1="
                + b64.encodeToString(v1.saltBytes(SecretKeyAccess.get()))
                + "\nENCRYPTION_SALT_HASH__v1="
                + v1.saltHash()
                + "\n");
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(f + ":2: ENCRYPTION_KEYS__v1 is 16 bytes; AES-256 needs exactly 32")
        .satisfies(this::assertNoMaterial)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
  }

  @Test
  void load_saltHashMismatch_failsIntegrityCheck() throws IOException {
    Path f =
        file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1).replace(v1.saltHash(), v2.saltHash()));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("salt integrity check failed for version 'v1'")
        .satisfies(this::assertNoMaterial);
  }

  @Test
  void load_missingSaltHash_namesTheSetting() throws IOException {
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v1\n"
                + lines(v1).replaceAll("ENCRYPTION_SALT_HASH__v1=.*\n", ""));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("ENCRYPTION_SALT_HASH__v1 is missing");
  }

  @Test
  void load_malformedLine_namesFileAndLineButNotContent() throws IOException {
    String secretish = b64.encodeToString(v1.keyBytes(SecretKeyAccess.get()));
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v1\n"
                + lines(v1)
                + "this is not a setting "
                + secretish
                + "\n");
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(f + ":5: malformed line")
        .satisfies(this::assertNoMaterial);
  }

  @Test
  void load_unclosedQuote_namesFileAndLine() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=\"v1\n");
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(f + ":1:")
        .hasMessageContaining("never closes");
  }

  @Test
  void load_duplicateSetting_namesBothLines() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1) + lines(v1));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(f + ":5: ENCRYPTION_KEYS__v1 is set again (first set at line 2)");
  }

  @Test
  void load_invalidVersionLabel_isRejected() throws IOException {
    KeyVersion ok = KeyVersion.generate("ok");
    Path f =
        file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(ok).replace("__ok", "__" + "x".repeat(33)));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(
            f + ":2: invalid key version label in ENCRYPTION_KEYS__<version> (33 characters)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("x".repeat(33)));
  }

  @Test
  void load_misspelledSetting_isRejectedWithTheExpectedNames() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1) + "ENCRYPTION_KEY__v2=abc\n");
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(":5: unknown ENCRYPTION_ setting; expected ACTIVE_ENCRYPTION_VERSION")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ENCRYPTION_KEY__v2"));
  }

  @Test
  void load_badBase64_namesSettingAndLine() throws IOException {
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v1\n"
                + lines(v1).replaceFirst("KEYS__v1=\"[^\"]+\"", "KEYS__v1=\"%%%\""));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(f + ":2: ENCRYPTION_KEYS__v1 is not valid base64");
  }

  @Test
  void load_fileReadableByOthers_isRefusedWithChmodRemedy() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("chmod 600 " + f);
    Keyring allowed =
        DotenvKeySource.builder()
            .file(f)
            .environment(Map.of())
            .allowInsecurePermissions(true)
            .build()
            .load();
    assertThat(allowed.activeVersion()).isEqualTo("v1");
  }

  @Test
  void keyringLoad_usesProcessEnvironmentAndFile() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1));
    assertThat(Keyring.load(f).activeVersion()).isEqualTo("v1");
  }

  @Test
  void load_utf8ByteOrderMark_isSkipped() throws IOException {
    Path f = file("\uFEFFACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1));

    assertThat(load(f, Map.of()).version("v1")).hasValue(v1);
    assertThat(KeyringValidator.validate(f).problems()).isEmpty();
  }

  @Test
  void load_crOnlyAndMixedLineEndings_areLineBreaks() throws IOException {
    String unix = "# comment\nACTIVE_ENCRYPTION_VERSION=v2\n" + lines(v1) + lines(v2);
    for (String content :
        List.of(unix.replace("\n", "\r"), unix.replace("\n", "\r\n"), mixed(unix))) {
      Path f = file(content);

      assertThat(load(f, Map.of()).labels()).containsExactly("v1", "v2");
      assertThat(KeyringValidator.validate(f).problems()).isEmpty();
    }
  }

  private static String mixed(String unix) {
    StringBuilder sb = new StringBuilder();
    String[] breaks = {"\r", "\r\n", "\n"};
    String[] parts = unix.split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      sb.append(parts[i]).append(i < parts.length - 1 ? breaks[i % 3] : "");
    }
    return sb.toString();
  }

  @Test
  void load_crOnlyLineEndings_stillNumberLines() throws IOException {
    Path f = file(("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1) + "broken\n").replace("\n", "\r"));

    assertThatThrownBy(() -> load(f, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageStartingWith(f + ":5: malformed line");
  }

  @Test
  void load_directory_saysToPassTheFile() throws IOException {
    Path d = Files.createDirectories(dir.resolve("config"));
    String expected =
        d + " is a directory, not a keyring file; pass the file, e.g. " + d.resolve(".env.crypto");

    assertThatThrownBy(() -> load(d, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessage(expected + ".");
    assertThat(KeyringValidator.validate(d).problems()).containsExactly(expected + ".");
  }
}
