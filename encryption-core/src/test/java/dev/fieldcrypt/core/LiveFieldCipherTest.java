package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.LiveKeyringTest.MutableSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveFieldCipherTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final KeyVersion v3 = KeyVersion.generate("v3");
  private final MutableSource source = new MutableSource(Keyring.of("v1", List.of(v1)));
  private LiveKeyring live;

  @AfterEach
  void close() {
    if (live != null) {
      live.close();
    }
  }

  private FieldCipher liveCipher(Duration minOnDemand) {
    live =
        LiveKeyring.builder(source)
            .refreshInterval(Duration.ZERO)
            .minOnDemandInterval(minOnDemand)
            .build()
            .start();
    return FieldCipher.live(live);
  }

  /** The source now holds {@code k}, and the holder has loaded it. */
  private void swapTo(Keyring k) {
    source.set(k);
    assertThat(live.refresh()).isEqualTo(LiveKeyring.RefreshResult.CHANGED);
  }

  @Test
  void live_newActiveVersion_usedWithoutRestart() {
    FieldCipher cipher = liveCipher(Duration.ZERO);
    String underV1 = cipher.encrypt("a", "t.c");
    swapTo(Keyring.of("v2", List.of(v1, v2)));
    String underV2 = cipher.encrypt("b", "t.c");
    assertThat(underV1).startsWith("v1:");
    assertThat(underV2).startsWith("v2:");
    assertThat(cipher.activeVersion()).isEqualTo("v2");
    assertThat(cipher.decrypt(underV1, "t.c")).isEqualTo("a");
    assertThat(cipher.reencrypt(underV1, "t.c")).startsWith("v2:");
    assertThat(cipher.toString()).contains("live", "v2");
  }

  @Test
  void live_unknownVersion_refreshesOnDemandThenDecrypts() {
    FieldCipher cipher = liveCipher(Duration.ofMinutes(1));
    Keyring rotated = Keyring.of("v2", List.of(v1, v2));
    String fromOtherInstance = FieldCipher.create(rotated).encrypt("otp", "users.otp");
    source.set(rotated);
    assertThat(cipher.decrypt(fromOtherInstance, "users.otp")).isEqualTo("otp");
    assertThat(cipher.activeVersion()).isEqualTo("v2");
  }

  @Test
  void live_unknownVersionStillMissing_throwsAfterOneRefresh_thenRateLimited() {
    FieldCipher cipher = liveCipher(Duration.ofMinutes(1));
    String v3Value = FieldCipher.create(Keyring.of("v3", List.of(v3))).encrypt("x", "t.c");
    assertThatThrownBy(() -> cipher.decrypt(v3Value, "t.c"))
        .isInstanceOf(UnknownKeyVersionException.class);
    source.set(Keyring.of("v3", List.of(v1, v3)));
    // within the minimum interval: no second load, so still unknown
    assertThatThrownBy(() -> cipher.decrypt(v3Value, "t.c"))
        .isInstanceOf(UnknownKeyVersionException.class);
    assertThat(cipher.holds("v3")).isFalse();
    live.refresh();
    assertThat(cipher.holds("v3")).isTrue();
  }

  @Test
  void static_unknownVersion_throwsAsBefore() {
    FieldCipher cipher = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    String v2Value = FieldCipher.create(Keyring.of("v2", List.of(v2))).encrypt("x", "t.c");
    assertThatThrownBy(() -> cipher.decrypt(v2Value, "t.c"))
        .isInstanceOf(UnknownKeyVersionException.class);
    assertThat(cipher.holds("v2")).isFalse();
  }

  @Test
  void withActiveVersion_keepsWritingItsVersion_whileLiveMovesOn() {
    source.set(Keyring.of("v2", List.of(v1, v2)));
    FieldCipher cipher = liveCipher(Duration.ZERO);
    FieldCipher job = cipher.withActiveVersion("v2");
    swapTo(Keyring.of("v3", List.of(v1, v2, v3)));
    assertThat(cipher.activeVersion()).isEqualTo("v3");
    assertThat(job.activeVersion()).isEqualTo("v2");
    assertThat(job.encrypt("a", "t.c")).startsWith("v2:");
    String v1Value = FieldCipher.create(Keyring.of("v1", List.of(v1))).encrypt("b", "t.c");
    assertThat(job.reencrypt(v1Value, "t.c")).startsWith("v2:");
    // the view sees the version added after it was made
    String v3Value = cipher.encrypt("c", "t.c");
    assertThat(job.decrypt(v3Value, "t.c")).isEqualTo("c");
    assertThat(job.keyring().labels()).containsExactly("v1", "v2", "v3");
  }

  @Test
  void withActiveVersion_versionLeavesKeyring_encryptFailsClearly() {
    source.set(Keyring.of("v2", List.of(v1, v2)));
    live =
        LiveKeyring.builder(source)
            .refreshInterval(Duration.ZERO)
            .keepDroppedVersions(false)
            .build()
            .start();
    FieldCipher job = FieldCipher.live(live).withActiveVersion("v1");
    swapTo(Keyring.of("v2", List.of(v2)));
    assertThatThrownBy(() -> job.encrypt("a", "t.c"))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'v1'")
        .hasMessageContaining("no longer in the keyring");
  }

  @Test
  void withActiveVersion_labelNotHeld_throws() {
    FieldCipher cipher = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    assertThatThrownBy(() -> cipher.withActiveVersion("v9"))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'v9'");
    FieldCipher pinned =
        FieldCipher.create(Keyring.of("v2", List.of(v1, v2))).withActiveVersion("v1");
    assertThat(pinned.encrypt("a", "t.c")).startsWith("v1:");
    assertThat(pinned.reencrypt(pinned.encrypt("a", "t.c"), "t.c")).startsWith("v1:");
  }

  @Test
  void live_swap_keepsDataKeysOfUnchangedVersions_andDropsThoseOfRekeyedOnes() {
    FieldCipher cipher = liveCipher(Duration.ZERO);
    Object before = cipher.dataKeyOf("v1", "t.c");
    swapTo(Keyring.of("v2", List.of(v1, v2)));
    assertThat(cipher.dataKeyOf("v1", "t.c")).isSameAs(before);
    swapTo(Keyring.of("v2", List.of(KeyVersion.generate("v1"), v2)));
    assertThat(cipher.dataKeyOf("v1", "t.c")).isNotSameAs(before);
  }

  @Test
  void live_concurrentSwaps_neverBreakDecryption() throws Exception {
    source.set(Keyring.of("v1", List.of(v1, v2)));
    FieldCipher cipher = liveCipher(Duration.ZERO);
    String value = cipher.encrypt("p", "t.c");
    Thread flipper =
        new Thread(
            () -> {
              for (int i = 0; i < 200; i++) {
                swapTo(Keyring.of(i % 2 == 0 ? "v2" : "v1", List.of(v1, v2)));
              }
            });
    flipper.start();
    while (flipper.isAlive()) {
      assertThat(cipher.decrypt(value, "t.c")).isEqualTo("p");
      assertThat(cipher.decrypt(cipher.encrypt("q", "t.c"), "t.c")).isEqualTo("q");
    }
    flipper.join();
  }
}
