package dev.fieldcrypt.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two keyrings, by label, active version and material (compared in constant
 * time, never shown). Used by {@link LiveKeyring} to tell a real change from a reload of the same
 * keyring, and to find the versions a refresh would drop.
 */
final class KeyringDiff {
  private KeyringDiff() {}

  /** Whether both keyrings hold the same labels in the same order, active and material. */
  static boolean same(Keyring a, Keyring b) {
    if (!a.activeVersion().equals(b.activeVersion()) || !a.labels().equals(b.labels())) {
      return false;
    }
    for (KeyVersion v : a.versions()) {
      if (!v.sameMaterial(b.version(v.label()).orElseThrow())) {
        return false;
      }
    }
    return true;
  }

  /** The versions of {@code before} that {@code after} lacks, in keyring order. */
  static List<KeyVersion> dropped(Keyring before, Keyring after) {
    List<KeyVersion> gone = new ArrayList<>();
    for (KeyVersion v : before.versions()) {
      if (!after.contains(v.label())) {
        gone.add(v);
      }
    }
    return gone;
  }

  /** The labels both keyrings hold with different material. */
  static List<String> rekeyed(Keyring before, Keyring after) {
    List<String> changed = new ArrayList<>();
    for (KeyVersion v : before.versions()) {
      after
          .version(v.label())
          .filter(w -> !w.sameMaterial(v))
          .ifPresent(w -> changed.add(v.label()));
    }
    return changed;
  }

  /**
   * {@code loaded} with {@code kept} added in front (they are older than anything loaded), so that
   * values under them stay readable; the active version stays {@code loaded}'s.
   */
  static Keyring withRetained(Keyring loaded, List<KeyVersion> kept) {
    if (kept.isEmpty()) {
      return loaded;
    }
    List<KeyVersion> all = new ArrayList<>(kept);
    Map<String, String> origins = new LinkedHashMap<>();
    for (KeyVersion v : kept) {
      origins.put(v.label(), "retained after it left the source (decrypt-only until restart)");
    }
    for (KeyVersion v : loaded.versions()) {
      all.add(v);
      origins.put(v.label(), loaded.origin(v.label()));
    }
    return Keyring.of(loaded.activeVersion(), all, origins);
  }
}
