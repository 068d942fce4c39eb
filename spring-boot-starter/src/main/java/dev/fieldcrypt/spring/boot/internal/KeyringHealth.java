package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.core.LiveKeyringStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What both health indicators report: up unless the live keyring is stale (its latest reload
 * failed, so the last good keyring is served), with the status's labels, times and the source's
 * secret-free failure message as details.
 */
final class KeyringHealth {
  private KeyringHealth() {}

  static boolean up(LiveKeyringStatus s) {
    return !s.stale();
  }

  static Map<String, Object> details(LiveKeyring live) {
    LiveKeyringStatus s = live.status();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", s.source());
    d.put("activeVersion", s.activeVersion());
    d.put("versions", s.versions());
    if (!s.retainedVersions().isEmpty()) {
      d.put("retainedVersions", s.retainedVersions());
    }
    d.put("loadedAt", String.valueOf(s.loadedAt()));
    d.put("lastSuccess", String.valueOf(s.lastSuccess()));
    d.put("stale", s.stale());
    if (s.staleSince() != null) {
      d.put("staleSince", s.staleSince().toString());
    }
    if (s.lastFailureMessage() != null) {
      d.put("lastFailure", String.valueOf(s.lastFailure()));
      d.put("lastFailureMessage", s.lastFailureMessage());
    }
    return d;
  }
}
