package dev.fieldcrypt.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The settings of the {@code gcp-sm:} source, read from the environment map its provider gets,
 * validated at once (a bad value fails with the variable's name and the allowed range):
 *
 * <ul>
 *   <li>{@code FIELDCRYPT_GCP_ENDPOINT}: {@code host:port} of the Secret Manager API, instead of
 *       {@code secretmanager.googleapis.com:443} (a private or regional endpoint, a test server);
 *   <li>{@code FIELDCRYPT_GCP_MAX_ATTEMPTS}: attempts per call, the first included (default 5,
 *       1..20);
 *   <li>{@code FIELDCRYPT_GCP_INITIAL_BACKOFF_MS}: the delay before the first retry (default 250,
 *       1..60000), doubling up to {@code FIELDCRYPT_GCP_MAX_BACKOFF_MS} (default 8000, at least the
 *       initial one, at most 60000);
 *   <li>{@code FIELDCRYPT_GCP_TIMEOUT_MS}: the time one call may take with all its retries (default
 *       30000, 100..120000).
 * </ul>
 *
 * <p>The retries are gax's own {@link RetrySettings}, on UNAVAILABLE, RESOURCE_EXHAUSTED and
 * DEADLINE_EXCEEDED, for every method (the writes are safe to retry: see {@link
 * GcpSecretManagerKeySource}). Credentials are never a setting: the client uses Application Default
 * Credentials. Immutable and thread-safe.
 */
public final class GcpSettings {
  /** The variable that overrides the API endpoint. */
  public static final String ENDPOINT = "FIELDCRYPT_GCP_ENDPOINT";

  /**
   * The variable that overrides the Cloud KMS endpoint of the {@code gcp-kms:} key wrapper: a base
   * URL such as {@code https://cloudkms.googleapis.com} (the default); the retry variables below
   * apply to it too.
   */
  public static final String KMS_ENDPOINT = "FIELDCRYPT_GCP_KMS_ENDPOINT";

  /** The variable for the number of attempts per call. */
  public static final String MAX_ATTEMPTS = "FIELDCRYPT_GCP_MAX_ATTEMPTS";

  /** The variable for the delay before the first retry, in milliseconds. */
  public static final String INITIAL_BACKOFF_MS = "FIELDCRYPT_GCP_INITIAL_BACKOFF_MS";

  /** The variable for the longest delay between two attempts, in milliseconds. */
  public static final String MAX_BACKOFF_MS = "FIELDCRYPT_GCP_MAX_BACKOFF_MS";

  /** The variable for the time one call may take, retries included, in milliseconds. */
  public static final String TIMEOUT_MS = "FIELDCRYPT_GCP_TIMEOUT_MS";

  private static final Set<StatusCode.Code> RETRYABLE =
      Set.of(
          StatusCode.Code.UNAVAILABLE,
          StatusCode.Code.RESOURCE_EXHAUSTED,
          StatusCode.Code.DEADLINE_EXCEEDED);

  private final String endpoint;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration timeout;

  private GcpSettings(
      String endpoint, int maxAttempts, Duration initial, Duration max, Duration timeout) {
    this.endpoint = endpoint;
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initial;
    this.maxBackoff = max;
    this.timeout = timeout;
  }

  /**
   * The settings that {@code environment} holds (absent variables take their defaults).
   *
   * @throws KeyringConfigException naming the first invalid variable and its allowed range
   */
  public static GcpSettings fromEnvironment(Map<String, String> environment) {
    String endpoint = blankToNull(environment.get(ENDPOINT));
    if (endpoint != null
        && !endpoint.matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:]+]:[0-9]{1,5}")) {
      throw new KeyringConfigException(
          ENDPOINT
              + " must be host:port, such as secretmanager.googleapis.com:443 or"
              + " private.googleapis.com:443; unset it to use Google's endpoint.");
    }
    int attempts = number(environment, MAX_ATTEMPTS, 5, 1, 20);
    int initial = number(environment, INITIAL_BACKOFF_MS, 250, 1, 60_000);
    int max = number(environment, MAX_BACKOFF_MS, Math.max(8_000, initial), initial, 60_000);
    int timeout = number(environment, TIMEOUT_MS, 30_000, 100, 120_000);
    return new GcpSettings(
        endpoint,
        attempts,
        Duration.ofMillis(initial),
        Duration.ofMillis(max),
        Duration.ofMillis(timeout));
  }

  /** The endpoint override, or null for Google's default endpoint. */
  public String endpoint() {
    return endpoint;
  }

  /** Attempts per call, the first one included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The gax retry settings every call of the client uses. */
  public RetrySettings retrySettings() {
    return RetrySettings.newBuilder()
        .setMaxAttempts(maxAttempts)
        .setInitialRetryDelayDuration(initialBackoff)
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(maxBackoff)
        .setInitialRpcTimeoutDuration(timeout)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(timeout)
        .setTotalTimeoutDuration(timeout)
        .build();
  }

  /** The time one call may take, retries included. */
  public Duration timeout() {
    return timeout;
  }

  /** The delay before the first retry. */
  Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest delay between two attempts. */
  Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The client settings: Application Default Credentials and Google's gRPC transport (or the
   * endpoint override), unless {@code channel} and {@code credentials} replace them (tests only).
   */
  SecretManagerServiceSettings clientSettings(
      TransportChannelProvider channel, CredentialsProvider credentials) throws IOException {
    SecretManagerServiceSettings.Builder b = SecretManagerServiceSettings.newBuilder();
    if (endpoint != null) {
      b.setEndpoint(endpoint);
    }
    if (channel != null) {
      b.setTransportChannelProvider(channel);
    }
    if (credentials != null) {
      b.setCredentialsProvider(credentials);
    }
    RetrySettings retry = retrySettings();
    b.applyToAllUnaryMethods(
        m -> {
          m.setRetrySettings(retry).setRetryableCodes(RETRYABLE);
          return null;
        });
    return b.build();
  }

  @Override
  public String toString() {
    return "GcpSettings[endpoint="
        + (endpoint == null ? "default" : endpoint)
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff.toMillis()
        + "ms, maxBackoff="
        + maxBackoff.toMillis()
        + "ms, timeout="
        + timeout.toMillis()
        + "ms]";
  }

  private static int number(Map<String, String> env, String name, int dflt, int min, int max) {
    String raw = blankToNull(env.get(name));
    if (raw == null) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw new KeyringConfigException(
        name + "='" + raw + "' is not a whole number from " + min + " to " + max + ".");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
