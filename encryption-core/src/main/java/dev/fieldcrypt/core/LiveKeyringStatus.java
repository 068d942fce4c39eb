package dev.fieldcrypt.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The health of a {@link LiveKeyring}, for logs, health checks and metrics. Holds labels and times
 * only, never key material.
 *
 * @param source the source's description ({@link KeySource#describe()})
 * @param activeVersion the active version of the keyring served
 * @param versions the labels of the keyring served, retained ones included
 * @param retainedVersions versions the source dropped that are kept readable until restart
 * @param loadedAt when the keyring served was loaded (its last change)
 * @param lastSuccess the last load that succeeded, changed or not
 * @param lastFailure the last load that failed, or null
 * @param lastFailureMessage the source's message of that failure (secret-free), or null
 * @param stale whether the latest load failed, so the keyring served may be out of date
 * @param staleSince the first failure since the last success, or null when not stale
 */
public record LiveKeyringStatus(
    String source,
    String activeVersion,
    List<String> versions,
    List<String> retainedVersions,
    Instant loadedAt,
    Instant lastSuccess,
    Instant lastFailure,
    String lastFailureMessage,
    boolean stale,
    Instant staleSince) {

  /** Copies the lists. */
  public LiveKeyringStatus {
    versions = List.copyOf(versions);
    retainedVersions = List.copyOf(retainedVersions);
  }

  /** How long the keyring served has gone without a successful load, at {@code now}. */
  public Duration age(Instant now) {
    return Duration.between(lastSuccess, now);
  }

  static LiveKeyringStatus first(String source, Keyring k, Instant now) {
    return new LiveKeyringStatus(
        source, k.activeVersion(), k.labels(), List.of(), now, now, null, null, false, null);
  }

  LiveKeyringStatus changed(Keyring k, List<String> retained, Instant now) {
    return new LiveKeyringStatus(
        source,
        k.activeVersion(),
        k.labels(),
        retained,
        now,
        now,
        lastFailure,
        lastFailureMessage,
        false,
        null);
  }

  LiveKeyringStatus succeeded(Instant now) {
    return after(now, lastFailure, lastFailureMessage, false, null);
  }

  LiveKeyringStatus failed(Instant now, String message) {
    return after(lastSuccess, now, message, true, stale ? staleSince : now);
  }

  private LiveKeyringStatus after(
      Instant success, Instant failure, String message, boolean isStale, Instant since) {
    return new LiveKeyringStatus(
        source,
        activeVersion,
        versions,
        retainedVersions,
        loadedAt,
        success,
        failure,
        message,
        isStale,
        since);
  }
}
