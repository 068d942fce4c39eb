package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The retirement rule of {@code cleanup-keys} (library class {@link KeyRetirement}; its tests live
 * here, next to the command that uses it).
 */
class KeyRetirementTest {
  private static Keyring keyring(String active, String... labels) {
    return Keyring.of(active, Stream.of(labels).map(KeyVersion::generate).toList());
  }

  private static List<TargetStats> usage(Map<String, Long> a, Map<String, Long> b) {
    return List.of(new TargetStats("a", a, 0, 0), new TargetStats("b", b, 0, 0));
  }

  @Test
  void plan_keepsActiveAndNewest_removesUnused_keepsUsedOnes() {
    Keyring k = keyring("v5", "v1", "v2", "v3", "v4", "v5");

    KeyRetirement plan = KeyRetirement.plan(k, usage(Map.of("v1", 3L), Map.of("v5", 9L)), 2);

    assertThat(plan.kept()).containsExactly("v4", "v5");
    assertThat(plan.removable()).containsExactly("v2", "v3");
    assertThat(plan.inUse()).containsExactly(Map.entry("v1", 3L));
    assertThat(plan.blocked()).isTrue();
  }

  @Test
  void plan_activeOlderThanTheNewest_isKeptToo() {
    Keyring k = keyring("v1", "v1", "v2", "v3");

    KeyRetirement plan = KeyRetirement.plan(k, usage(Map.of(), Map.of()), 1);

    assertThat(plan.kept()).containsExactly("v1", "v3");
    assertThat(plan.removable()).containsExactly("v2");
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void plan_sumsColumns_andReportsVersionsTheKeyringLacks() {
    Keyring k = keyring("v2", "v1", "v2");

    KeyRetirement plan =
        KeyRetirement.plan(k, usage(Map.of("v1", 2L, "v0", 1L), Map.of("v1", 5L)), 1);

    assertThat(plan.inUse()).containsExactly(Map.entry("v1", 7L));
    assertThat(plan.unknown()).containsExactly(Map.entry("v0", 1L));
    assertThat(plan.removable()).isEmpty();
  }

  @Test
  void plan_keepBelowOne_throws() {
    assertThatThrownBy(() -> KeyRetirement.plan(keyring("v1", "v1"), List.of(), 0))
        .isInstanceOf(dev.fieldcrypt.core.InvalidArgumentException.class)
        .hasMessageContaining("at least 1, got 0");
  }
}
