package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyringEntriesTest {
  private final Keyring keyring =
      Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));

  @Test
  void fieldsAndTextRoundTripEveryVersion() {
    Map<String, String> fields = KeyringEntries.toFields(keyring);
    assertThat(fields.keySet())
        .containsExactly(
            "ACTIVE_ENCRYPTION_VERSION",
            "ENCRYPTION_KEYS__v1",
            "ENCRYPTION_SALT__v1",
            "ENCRYPTION_SALT_HASH__v1",
            "ENCRYPTION_KEYS__v2",
            "ENCRYPTION_SALT__v2",
            "ENCRYPTION_SALT_HASH__v2");
    for (Keyring back :
        List.of(
            KeyringEntries.fromFields(fields, "vault secret/app", Map.of()),
            KeyringEntries.fromText(KeyringEntries.toText(keyring), "blob", Map.of()))) {
      assertThat(back.activeVersion()).isEqualTo("v2");
      assertThat(back.labels()).containsExactly("v1", "v2");
      for (String label : back.labels()) {
        assertThat(back.version(label).orElseThrow().keyBytes(SecretKeyAccess.get()))
            .isEqualTo(keyring.version(label).orElseThrow().keyBytes(SecretKeyAccess.get()));
      }
    }
  }

  @Test
  void theEnvironmentOverridesStoredFields() {
    Map<String, String> env = Map.of("ACTIVE_ENCRYPTION_VERSION", "v1");
    Keyring k = KeyringEntries.fromFields(KeyringEntries.toFields(keyring), "vault s/a", env);
    assertThat(k.activeVersion()).isEqualTo("v1");
  }

  @Test
  void problemsNameTheFieldNeverItsValue() {
    Map<String, String> fields = new LinkedHashMap<>(KeyringEntries.toFields(keyring));
    String key = fields.remove("ENCRYPTION_SALT__v1");
    fields.put("ENCRYPTION_SALTT__v1", key);
    assertThatThrownBy(() -> KeyringEntries.fromFields(fields, "vault secret/app", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("vault secret/app")
        .hasMessageNotContaining(key)
        .hasMessageNotContaining(fields.get("ENCRYPTION_KEYS__v1"));
  }

  @Test
  void badTextNamesTheLineNeverTheContent() {
    String text = KeyringEntries.toText(keyring);
    String key = KeyringEntries.toFields(keyring).get("ENCRYPTION_KEYS__v1");
    String broken = text.replace(key, key.substring(0, 20) + "\"\n" + key.substring(20));
    assertThatThrownBy(() -> KeyringEntries.fromText(broken, "encrypted-file k.enc", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("encrypted-file k.enc:")
        .hasMessageNotContaining(key.substring(0, 20))
        .hasMessageNotContaining(key.substring(20));
  }
}
