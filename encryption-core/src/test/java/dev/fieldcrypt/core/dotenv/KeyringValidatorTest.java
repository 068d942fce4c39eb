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

class KeyringValidatorTest {
  @TempDir Path dir;
  private final Base64.Encoder b64 = Base64.getEncoder();
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");

  private Path file(String content, String mode) throws IOException {
    Path f = dir.resolve(".env.crypto");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  private String lines(String label, byte[] key, byte[] salt, String hash) {
    return "ENCRYPTION_KEYS__"
        + label
        + "=\""
        + b64.encodeToString(key)
        + "\"\nENCRYPTION_SALT__"
        + label
        + "=\""
        + b64.encodeToString(salt)
        + "\"\nENCRYPTION_SALT_HASH__"
        + label
        + "=\""
        + hash
        + "\"\n";
  }

  private String lines(KeyVersion v) {
    return lines(
        v.label(),
        v.keyBytes(SecretKeyAccess.get()),
        v.saltBytes(SecretKeyAccess.get()),
        v.saltHash());
  }

  @Test
  void validate_fileWrittenByKeyringFile_isOk() {
    Path f = dir.resolve(".env.crypto");
    KeyringFile.write(f, Keyring.of("v2", List.of(v1, v2)));

    KeyringValidator.Report report = KeyringValidator.validate(f);

    assertThat(report.ok()).isTrue();
    assertThat(report.problems()).isEmpty();
    assertThat(report.activeVersion()).isEqualTo("v2");
    assertThat(report.versions()).containsExactly("v1", "v2");
  }

  @Test
  void validate_manyProblems_reportsEveryOneOnItsOwnLine() throws IOException {
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v9\n"
                + lines("v1", new byte[16], v1.saltBytes(SecretKeyAccess.get()), v1.saltHash())
                + lines(
                    "v2",
                    v2.keyBytes(SecretKeyAccess.get()),
                    v2.saltBytes(SecretKeyAccess.get()),
                    "00".repeat(32))
                + "this line is broken\n"
                + "ENCRYPTION_SALT__v3=\""
                + b64.encodeToString(new byte[8])
                + "\"\n"
                + "ENCRYPTION_PEPPER=x\n",
            "rw-r--r--");

    List<String> problems = KeyringValidator.validate(f).problems();

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("mode rw-r--r--").contains("chmod 600"))
        .anySatisfy(p -> assertThat(p).contains(":2: ENCRYPTION_KEYS__v1 is 16 bytes"))
        .anySatisfy(p -> assertThat(p).contains(":7: ENCRYPTION_SALT_HASH__v2 does not match"))
        .anySatisfy(p -> assertThat(p).contains(":8: malformed line"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(":9: ENCRYPTION_SALT__<version> here belongs to no key version"))
        .anySatisfy(p -> assertThat(p).contains(":10: unknown ENCRYPTION_ setting"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        ":1: ACTIVE_ENCRYPTION_VERSION names a version the keyring does not"));
    assertThat(problems)
        .hasSize(7)
        .allSatisfy(
            p -> assertThat(p).doesNotContain("\n").doesNotContain("v3").doesNotContain("v9"));
  }

  @Test
  void validate_neverEchoesKeyMaterial() throws IOException {
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=\n"
                + lines(
                    "v1",
                    v1.keyBytes(SecretKeyAccess.get()),
                    v1.saltBytes(SecretKeyAccess.get()),
                    "bad")
                + lines(
                    "v2",
                    v1.keyBytes(SecretKeyAccess.get()),
                    v2.saltBytes(SecretKeyAccess.get()),
                    v2.saltHash())
                + "ENCRYPTION_KEYS__v1=\""
                + b64.encodeToString(v1.keyBytes(SecretKeyAccess.get()))
                + "\"\n",
            "rw-------");

    List<String> problems = KeyringValidator.validate(f).problems();

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("is set again"))
        .anySatisfy(p -> assertThat(p).contains("same key as version 'v1'"))
        .anySatisfy(p -> assertThat(p).contains("ACTIVE_ENCRYPTION_VERSION is not set"));
    for (String p : problems) {
      assertThat(p)
          .doesNotContain(b64.encodeToString(v1.keyBytes(SecretKeyAccess.get())))
          .doesNotContain(b64.encodeToString(v1.saltBytes(SecretKeyAccess.get())))
          .doesNotContain(b64.encodeToString(v2.saltBytes(SecretKeyAccess.get())));
    }
  }

  @Test
  void validate_missingFile_isOneProblemNamingGenerate() {
    KeyringValidator.Report report = KeyringValidator.validate(dir.resolve("none"));

    assertThat(report.problems()).singleElement().asString().contains("fieldcrypt generate");
  }

  @Test
  void validate_notBase64_isReported() throws IOException {
    Path f =
        file(
            "ACTIVE_ENCRYPTION_VERSION=v1\nENCRYPTION_KEYS__v1=\"***\"\n"
                + "ENCRYPTION_SALT__v1=\""
                + b64.encodeToString(v1.saltBytes(SecretKeyAccess.get()))
                + "\"\n"
                + "ENCRYPTION_SALT_HASH__v1=\""
                + v1.saltHash()
                + "\"\n",
            "rw-------");

    assertThat(KeyringValidator.validate(f).problems())
        .containsExactly(
            f + ":2: ENCRYPTION_KEYS__v1 is not valid base64; restore it from a backup.");
  }

  @Test
  void validate_environmentOverrideBreaksKeyring_isReported() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1), "rw-------");

    KeyringValidator.Report report =
        KeyringValidator.validate(f, Map.of("ACTIVE_ENCRYPTION_VERSION", "v7"));

    assertThat(report.problems())
        .singleElement()
        .asString()
        .startsWith("with the environment's overrides:")
        .contains("ACTIVE_ENCRYPTION_VERSION names a version the keyring does not hold");
  }

  @Test
  void validate_repeatedUnrelatedSetting_isReportedLikeTheLoaderRejectsIt() throws IOException {
    Path f = file("ACTIVE_ENCRYPTION_VERSION=v1\n" + lines(v1) + "OTHER=a\nOTHER=b\n", "rw-------");

    assertThat(KeyringValidator.validate(f).problems())
        .singleElement()
        .asString()
        .contains(":6: a setting is set again (first set at line 5)");
    assertThatThrownBy(() -> Keyring.load(f)).isInstanceOf(KeyringConfigException.class);
  }
}
