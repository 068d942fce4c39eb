package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of the Azure Key Vault source, read from the environment map the provider gets (the
 * process environment by default). Credentials are never among them: {@code DefaultAzureCredential}
 * reads its own variables ({@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code
 * AZURE_FEDERATED_TOKEN_FILE}, {@code AZURE_TOKEN_CREDENTIALS}, …) from the same map.
 *
 * <ul>
 *   <li>{@code FIELDCRYPT_AZURE_MAX_RETRIES}: retries after a throttled (429), failed (5xx) or
 *       unreachable attempt, 0 to 10, default 3.
 *   <li>{@code FIELDCRYPT_AZURE_RETRY_DELAY_MS}: the first retry's delay, doubled on each retry
 *       (exponential backoff with jitter), 1 to 60000, default 800.
 *   <li>{@code FIELDCRYPT_AZURE_MAX_RETRY_DELAY_MS}: the longest delay between retries, at least
 *       the first delay and at most 300000, default 8000.
 *   <li>{@code FIELDCRYPT_AZURE_TIMEOUT_MS}: connect and response timeout of one HTTP attempt, 100
 *       to 300000, default 10000.
 * </ul>
 *
 * <p>Immutable; validated at construction with the variable, the value and the allowed range in the
 * message.
 *
 * @param maxRetries retries after the first attempt
 * @param retryDelay the first retry's delay
 * @param maxRetryDelay the cap of the backoff
 * @param timeout connect and response timeout of one attempt
 */
public record AzureSettings(
    int maxRetries, Duration retryDelay, Duration maxRetryDelay, Duration timeout) {
  /** Retries after the first attempt. */
  public static final String MAX_RETRIES = "FIELDCRYPT_AZURE_MAX_RETRIES";

  /** The first retry's delay in milliseconds. */
  public static final String RETRY_DELAY_MS = "FIELDCRYPT_AZURE_RETRY_DELAY_MS";

  /** The longest delay between two attempts in milliseconds. */
  public static final String MAX_RETRY_DELAY_MS = "FIELDCRYPT_AZURE_MAX_RETRY_DELAY_MS";

  /** The timeout of one HTTP attempt in milliseconds. */
  public static final String TIMEOUT_MS = "FIELDCRYPT_AZURE_TIMEOUT_MS";

  /** Validates the settings. */
  public AzureSettings {
    check(MAX_RETRIES, maxRetries, 0, 10);
    check(RETRY_DELAY_MS, millis(retryDelay), 1, 60_000);
    check(MAX_RETRY_DELAY_MS, millis(maxRetryDelay), millis(retryDelay), 300_000);
    check(TIMEOUT_MS, millis(timeout), 100, 300_000);
  }

  /** The defaults: 3 retries from 800 ms up to 8 s, 10 s per attempt. */
  public static AzureSettings defaults() {
    return new AzureSettings(
        3, Duration.ofMillis(800), Duration.ofSeconds(8), Duration.ofSeconds(10));
  }

  /**
   * The settings {@code environment} sets, the defaults for the others.
   *
   * @throws KeyringConfigException naming the variable that is not a whole number in its range
   */
  public static AzureSettings from(Map<String, String> environment) {
    AzureSettings d = defaults();
    long delay = read(environment, RETRY_DELAY_MS, millis(d.retryDelay()));
    return new AzureSettings(
        (int) read(environment, MAX_RETRIES, d.maxRetries()),
        Duration.ofMillis(delay),
        Duration.ofMillis(
            read(environment, MAX_RETRY_DELAY_MS, Math.max(delay, millis(d.maxRetryDelay())))),
        Duration.ofMillis(read(environment, TIMEOUT_MS, millis(d.timeout()))));
  }

  private static long read(Map<String, String> environment, String name, long fallback) {
    String raw = environment.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw new KeyringConfigException(
          "the environment variable " + name + "='" + shown(raw) + "' is not a whole number.");
    }
  }

  private static long millis(Duration d) {
    if (d == null) {
      throw new KeyringConfigException("an Azure Key Vault setting is null; pass a duration.");
    }
    return d.toMillis();
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new KeyringConfigException(
          name + "=" + value + " is out of range; allowed: " + min + " to " + max + ".");
    }
  }

  private static String shown(String raw) {
    return raw.length() > 20 ? raw.substring(0, 20) + "…" : raw;
  }
}
