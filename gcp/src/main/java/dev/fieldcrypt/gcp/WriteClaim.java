package dev.fieldcrypt.gcp;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A writer's claim on a secret, kept in the secret's annotations and set with an etag-guarded
 * UpdateSecret before the writer adds its version: {@code fieldcrypt-write-base} is the newest
 * version number the writer read (0 for none), {@code fieldcrypt-write-id} a random id, {@code
 * fieldcrypt-write-started} when it claimed. The claim is <em>pending</em> while the secret has no
 * version newer than its base: the claimer has not added its version yet (or died before it did).
 */
record WriteClaim(String id, long base, Instant started) {
  static final String BASE = "fieldcrypt-write-base";
  static final String ID = "fieldcrypt-write-id";
  static final String STARTED = "fieldcrypt-write-started";

  /** A new claim on top of version {@code base}. */
  static WriteClaim next(long base, Instant now) {
    return new WriteClaim(UUID.randomUUID().toString(), base, now);
  }

  /** The claim that {@code annotations} hold, or null when they hold none (or a damaged one). */
  static WriteClaim in(Map<String, String> annotations) {
    String id = annotations.get(ID);
    String base = annotations.get(BASE);
    String started = annotations.get(STARTED);
    if (id == null || base == null || started == null) {
      return null;
    }
    try {
      return new WriteClaim(id, Long.parseLong(base), Instant.parse(started));
    } catch (NumberFormatException | DateTimeParseException e) {
      return null; // not ours to judge: a later claim replaces it
    }
  }

  /** {@code annotations} with this claim in place of any earlier one. */
  Map<String, String> onto(Map<String, String> annotations) {
    Map<String, String> result = new LinkedHashMap<>(annotations);
    result.put(BASE, Long.toString(base));
    result.put(ID, id);
    result.put(STARTED, started.toString());
    return result;
  }

  /** Whether the claimer has not added its version yet: no version is newer than the base. */
  boolean pendingGiven(long newestVersion) {
    return newestVersion <= base;
  }

  /** Whether a pending claim is old enough to be taken over (its writer died). */
  boolean staleAt(Instant now, Duration staleAfter) {
    return started.plus(staleAfter).isBefore(now);
  }
}
