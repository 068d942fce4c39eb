package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key or passphrase comes from, and every way its variables can be wrong. */
class MasterKeyTest {
  @TempDir Path dir;
  private final String key = EncryptedFixtures.randomKey();

  private static KeyringConfigException fails(Map<String, String> env, String... secrets) {
    KeyringConfigException e =
        (KeyringConfigException)
            org.assertj.core.api.Assertions.catchThrowableOfType(
                KeyringConfigException.class, () -> MasterKey.fromEnvironment(env));
    assertThat(e).isNotNull();
    assertThat(e.getCause()).isNull();
    for (String s : secrets) {
      assertThat(e.getMessage()).doesNotContain(s);
    }
    return e;
  }

  @Test
  void fromEnvironment_key() {
    MasterKey k = MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_KEY", " " + key + "\n"));

    assertThat(k.kind()).isEqualTo(MasterKey.Kind.KEY);
    assertThat(k.secret()).isEqualTo(Base64.getDecoder().decode(key));
    assertThat(k.toString())
        .isEqualTo("MasterKey[key from FIELDCRYPT_MASTER_KEY]")
        .doesNotContain(key);
  }

  @Test
  void fromEnvironment_keyFile() throws IOException {
    Path f = Files.writeString(dir.resolve("mk"), key + "\n");

    MasterKey k = MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_KEY_FILE", f.toString()));

    assertThat(k.secret()).isEqualTo(Base64.getDecoder().decode(key));
    assertThat(k.origin()).isEqualTo("FIELDCRYPT_MASTER_KEY_FILE=" + f);
  }

  @Test
  void fromEnvironment_passphraseFile_dropsTrailingLineBreaksOnly() throws IOException {
    Path f = Files.writeString(dir.resolve("pp"), "  spaced passphrase  \r\n");

    MasterKey k =
        MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_PASSPHRASE_FILE", f.toString()));

    assertThat(k.kind()).isEqualTo(MasterKey.Kind.PASSPHRASE);
    assertThat(new String(k.secret(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("  spaced passphrase  ");
  }

  @Test
  void passphrase_isNormalizedToNfc() {
    MasterKey composed = MasterKey.ofPassphrase("caf\u00e9 au lait!".toCharArray(), "test");
    MasterKey decomposed = MasterKey.ofPassphrase("cafe\u0301 au lait!".toCharArray(), "test");

    assertThat(composed.sameSecret(decomposed)).isTrue();
  }

  @Test
  void nothingSet_namesAllFourVariables() {
    assertThat(fails(Map.of("OTHER", "x")))
        .hasMessageContaining("no master key")
        .hasMessageContaining("FIELDCRYPT_MASTER_KEY or FIELDCRYPT_MASTER_KEY_FILE")
        .hasMessageContaining("FIELDCRYPT_MASTER_PASSPHRASE or FIELDCRYPT_MASTER_PASSPHRASE_FILE")
        .hasMessageContaining("head -c 32 /dev/urandom | base64");
  }

  @Test
  void keyAndPassphrase_bothSet_isRefused() {
    assertThat(
            fails(
                Map.of("FIELDCRYPT_MASTER_KEY", key, "FIELDCRYPT_MASTER_PASSPHRASE_FILE", "/x"),
                key))
        .hasMessage(
            "both a master key (FIELDCRYPT_MASTER_KEY) and a passphrase"
                + " (FIELDCRYPT_MASTER_PASSPHRASE_FILE) are set; set only one of them.");
  }

  @Test
  void variableAndItsFile_bothSet_isRefused() {
    assertThat(fails(Map.of("FIELDCRYPT_MASTER_KEY", key, "FIELDCRYPT_MASTER_KEY_FILE", "/x"), key))
        .hasMessage(
            "both FIELDCRYPT_MASTER_KEY and FIELDCRYPT_MASTER_KEY_FILE are set; set only one.");
    assertThat(
            fails(
                Map.of(
                    "FIELDCRYPT_MASTER_PASSPHRASE", "p",
                    "FIELDCRYPT_MASTER_PASSPHRASE_FILE", "/x")))
        .hasMessageContaining("both FIELDCRYPT_MASTER_PASSPHRASE and");
  }

  @Test
  void malformedBase64_neverQuotesTheValue() {
    String bad = key.substring(0, 20) + "-_*" + key.substring(23);

    assertThat(fails(Map.of("FIELDCRYPT_MASTER_KEY", bad), bad, key.substring(0, 20)))
        .hasMessageContaining("FIELDCRYPT_MASTER_KEY is not valid base64")
        .hasMessageContaining("32 random bytes");
  }

  @Test
  void shortKey_namesItsLength() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThat(fails(Map.of("FIELDCRYPT_MASTER_KEY", shortKey), shortKey))
        .hasMessageContaining("decodes to 16 bytes; a master key is 32 random bytes");
  }

  @Test
  void emptyValues_areRefused() {
    assertThat(fails(Map.of("FIELDCRYPT_MASTER_KEY", "  ")))
        .hasMessageContaining("FIELDCRYPT_MASTER_KEY is empty");
    assertThat(fails(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", "")))
        .hasMessageContaining("FIELDCRYPT_MASTER_PASSPHRASE is empty");
  }

  @Test
  void unreadableFile_namesTheVariableAndPath() {
    Path missing = dir.resolve("absent");

    assertThat(fails(Map.of("FIELDCRYPT_MASTER_KEY_FILE", missing.toString())))
        .hasMessageContaining("FIELDCRYPT_MASTER_KEY_FILE names " + missing)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void newFromEnvironment_readsTheNewNames_only() {
    Map<String, String> env =
        Map.of("FIELDCRYPT_MASTER_KEY", key, "FIELDCRYPT_NEW_MASTER_PASSPHRASE", "the new one!!");

    assertThat(MasterKey.newFromEnvironment(env).kind()).isEqualTo(MasterKey.Kind.PASSPHRASE);
    assertThat(MasterKey.newFromEnvironment(env).origin())
        .isEqualTo("FIELDCRYPT_NEW_MASTER_PASSPHRASE");
    assertThatThrownBy(() -> MasterKey.newFromEnvironment(Map.of("FIELDCRYPT_MASTER_KEY", key)))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("FIELDCRYPT_NEW_MASTER_KEY or FIELDCRYPT_NEW_MASTER_KEY_FILE");
  }
}
