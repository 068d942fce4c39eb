package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
  @TempDir Path dir;

  @Test
  void generate_makesRandom32ByteKeysAndSaltsWithMatchingHash() {
    KeyVersion a = KeyVersion.generate("v1");
    KeyVersion b = KeyVersion.generate("v1");
    assertThat(a.key()).hasSize(32).isNotEqualTo(b.key());
    assertThat(a.salt()).hasSize(16);
    assertThat(KeyVersion.generate("v1", 32).salt()).hasSize(32);
    assertThat(a.saltHash()).isEqualTo(KeyVersion.sha256Hex(a.salt())).hasSize(64);
  }

  @Test
  void generate_badSaltSize_isRejected() {
    assertThatThrownBy(() -> KeyVersion.generate("v1", 8))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("salt size 8 is not supported; use 16 to 64");
  }

  @Test
  void checkLabel_acceptsDocumentedAlphabetOnly() {
    for (String ok : List.of("v1", "v2-prod", "2026.11_a", "x".repeat(32))) {
      assertThat(KeyVersion.isValidLabel(ok)).as(ok).isTrue();
    }
    for (String bad : List.of("", "v:1", "v 1", "é", "x".repeat(33))) {
      assertThatThrownBy(() -> KeyVersion.checkLabel(bad))
          .as(bad)
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining("A-Z a-z 0-9 . _ -");
    }
  }

  @Test
  void of_duplicateLabel_isRejected() {
    assertThatThrownBy(
            () -> Keyring.of("v1", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v1"))))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'v1' appears twice");
  }

  @Test
  void of_empty_isRejected() {
    assertThatThrownBy(() -> Keyring.of("v1", List.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("no key version");
  }

  @Test
  void nextVersionLabel_incrementsHighestNumberedLabel() {
    Keyring k =
        Keyring.of("v2", List.of(KeyVersion.generate("v2"), KeyVersion.generate("v10-prod")));
    assertThat(k.nextVersionLabel()).isEqualTo("v3");
    assertThat(Keyring.of("a", List.of(KeyVersion.generate("a"))).nextVersionLabel())
        .isEqualTo("v1");
    assertThat(Keyring.of("v9", List.of(KeyVersion.generate("v9"))).nextVersionLabel())
        .isEqualTo("v10");
  }

  @Test
  void withActiveVersion_addsAndActivates_existingLabelRejected() {
    Keyring k = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    Keyring rotated = k.withActiveVersion(KeyVersion.generate("v2"));
    assertThat(rotated.activeVersion()).isEqualTo("v2");
    assertThat(rotated.labels()).containsExactly("v1", "v2");
    assertThat(k.activeVersion()).isEqualTo("v1");
    assertThatThrownBy(() -> rotated.withActiveVersion(KeyVersion.generate("v1")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("next free one is 'v3'");
  }

  @Test
  void without_removesOldVersions_neverTheActiveOne() {
    Keyring k = Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));
    assertThat(k.without(List.of("v1")).labels()).containsExactly("v2");
    assertThatThrownBy(() -> k.without(List.of("v2")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("refusing to remove the active key version 'v2'");
    assertThatThrownBy(() -> k.without(List.of("v7")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'v7' is not in the keyring");
  }

  @Test
  void of_withOrigins_recordsThemForOperators() {
    KeyVersion v1 = KeyVersion.generate("v1");
    KeyVersion v2 = KeyVersion.generate("v2");

    Keyring k = Keyring.of("v2", List.of(v1, v2), Map.of("v1", "vault secret/app"));

    assertThat(k.origin("v1")).isEqualTo("vault secret/app");
    assertThat(k.origin("v2")).isEqualTo("code");
    assertThatThrownBy(() -> Keyring.of("v1", List.of(v1), null))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Keyring.of("v1", Arrays.asList(v1, null)))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
