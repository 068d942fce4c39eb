package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of the {@code gcp-kms:} key wrapper, validated at once: the endpoint from {@link
 * GcpSettings#KMS_ENDPOINT} (a base URL, default {@value #DEFAULT_ENDPOINT}) and the attempts,
 * backoff and timeout of {@link GcpSettings}. {@code http://} is accepted only for a loopback host
 * (a test server or an emulator), and then no credentials are sent, as Google's emulators expect;
 * any other endpoint is {@code https://} and gets an access token from Application Default
 * Credentials. Immutable and thread-safe.
 */
final class GcpKmsSettings {
  static final String DEFAULT_ENDPOINT = "https://cloudkms.googleapis.com";

  private final URI endpoint;
  private final GcpSettings retries;

  private GcpKmsSettings(URI endpoint, GcpSettings retries) {
    this.endpoint = endpoint;
    this.retries = retries;
  }

  /**
   * The settings {@code environment} holds.
   *
   * @throws KeyringConfigException naming the first invalid variable and what it may be
   */
  static GcpKmsSettings fromEnvironment(Map<String, String> environment) {
    String raw = environment.get(GcpSettings.KMS_ENDPOINT);
    URI endpoint =
        raw == null || raw.isBlank() ? URI.create(DEFAULT_ENDPOINT) : endpoint(raw.strip());
    return new GcpKmsSettings(endpoint, GcpSettings.fromEnvironment(environment));
  }

  private static URI endpoint(String raw) {
    URI u;
    try {
      u = new URI(raw);
    } catch (URISyntaxException e) {
      u = null;
    }
    String scheme =
        u == null || u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    boolean shaped =
        u != null
            && u.getHost() != null
            && u.getRawUserInfo() == null
            && u.getRawQuery() == null
            && u.getRawFragment() == null
            && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"));
    if (!shaped || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new KeyringConfigException(
          GcpSettings.KMS_ENDPOINT
              + "='"
              + raw
              + "' is not a base URL; write https://HOST[:PORT] without a path, such as "
              + DEFAULT_ENDPOINT
              + " or a Private Service Connect endpoint, or unset it to use Google's endpoint.");
    }
    if (scheme.equals("http") && !isLoopback(u.getHost())) {
      throw new KeyringConfigException(
          GcpSettings.KMS_ENDPOINT
              + "='"
              + raw
              + "' uses http:// for a host that is not loopback; http:// is allowed only for"
              + " 127.0.0.1, localhost or [::1] (a test server or an emulator, which get no"
              + " credentials). Use https://.");
    }
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    return URI.create(scheme + "://" + u.getHost() + port);
  }

  private static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost")
        || host.equals("[::1]")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The base URL, without a trailing slash. */
  URI endpoint() {
    return endpoint;
  }

  /** Whether calls carry an access token: true unless the endpoint is a loopback {@code http}. */
  boolean sendsCredentials() {
    return endpoint.getScheme().equals("https");
  }

  /** {@code POST} target of {@code method} ({@code encrypt}, {@code decrypt}) on {@code key}. */
  URI methodUri(String key, String method) {
    return URI.create(endpoint + "/v1/" + key + ":" + method);
  }

  int maxAttempts() {
    return retries.maxAttempts();
  }

  Duration initialBackoff() {
    return retries.initialBackoff();
  }

  Duration maxBackoff() {
    return retries.maxBackoff();
  }

  Duration timeout() {
    return retries.timeout();
  }

  @Override
  public String toString() {
    return "GcpKmsSettings[endpoint="
        + endpoint
        + ", maxAttempts="
        + maxAttempts()
        + ", initialBackoff="
        + initialBackoff().toMillis()
        + "ms, maxBackoff="
        + maxBackoff().toMillis()
        + "ms, timeout="
        + timeout().toMillis()
        + "ms]";
  }
}
