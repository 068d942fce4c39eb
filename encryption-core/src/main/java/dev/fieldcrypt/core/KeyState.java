package dev.fieldcrypt.core;

import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link FieldCipher} derives from one keyring: the keyring, each version's keys and the
 * version that encrypts (null when a pinned version left the keyring). Immutable; a cipher replaces
 * it whole on a keyring change, and its hot path reads it once per call.
 */
final class KeyState {
  final Keyring keyring;
  final Map<String, VersionKeys> byVersion;
  final VersionKeys active;

  private KeyState(Keyring keyring, Map<String, VersionKeys> byVersion, VersionKeys active) {
    this.keyring = keyring;
    this.byVersion = byVersion;
    this.active = active;
  }

  /** The state of {@code keyring}, re-using {@code previous}'s keys of unchanged versions. */
  static KeyState of(Keyring keyring, String pinned, KeyState previous) {
    Map<String, VersionKeys> map = new HashMap<>();
    for (KeyVersion v : keyring.versions()) {
      VersionKeys old = previous == null ? null : previous.byVersion.get(v.label());
      map.put(v.label(), old != null && old.version.sameMaterial(v) ? old : new VersionKeys(v));
    }
    Map<String, VersionKeys> byVersion = Map.copyOf(map);
    return new KeyState(
        keyring, byVersion, byVersion.get(pinned != null ? pinned : keyring.activeVersion()));
  }
}
