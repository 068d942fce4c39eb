package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The settings of one {@code aws-sm:} source or {@code aws-kms:} key, read from the environment map
 * the provider is given (the process environment by default): the secret or key id, the region, an
 * endpoint override and the retry budget. Credentials are not settings: they come from the SDK's
 * default chain only.
 *
 * <ul>
 *   <li>{@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} (the AWS CLI's name), else the region
 *       of the secret's or key's ARN, else the SDK's own chain (system property {@code aws.region},
 *       the profile file, instance metadata). An ARN's region wins over the variables, since the
 *       secret or key can be reached only there.
 *   <li>{@code FIELDCRYPT_AWS_ENDPOINT}: an {@code http(s)://} URL replacing the regional endpoint
 *       (a VPC interface endpoint, a local test server).
 *   <li>{@code FIELDCRYPT_AWS_MAX_ATTEMPTS}: attempts per call, first one included, 1 to {@value
 *       #MAX_ATTEMPTS_LIMIT}; default {@value #DEFAULT_MAX_ATTEMPTS}, the SDK's standard retry
 *       mode.
 * </ul>
 *
 * <p>Immutable and thread-safe; validated at construction, with the variable, the bad value and the
 * allowed range in the message (none of these settings is secret).
 */
final class AwsSettings {
  static final String REGION = "AWS_REGION";
  static final String DEFAULT_REGION = "AWS_DEFAULT_REGION";
  static final String ENDPOINT = "FIELDCRYPT_AWS_ENDPOINT";
  static final String MAX_ATTEMPTS = "FIELDCRYPT_AWS_MAX_ATTEMPTS";
  static final int DEFAULT_MAX_ATTEMPTS = 3;
  static final int MAX_ATTEMPTS_LIMIT = 10;

  /**
   * The SDK standard mode's base delays: 100 ms, and 1 s after throttling (both capped at 20 s).
   */
  static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);

  static final Duration DEFAULT_THROTTLING_BASE_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

  private final AwsService service;
  private final String secretId;
  private final String region;
  private final URI endpoint;
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration throttlingBaseDelay;

  private AwsSettings(
      AwsService service,
      String secretId,
      String region,
      URI endpoint,
      int maxAttempts,
      Duration baseDelay,
      Duration throttlingBaseDelay) {
    this.service = service;
    this.secretId = secretId;
    this.region = region;
    this.endpoint = endpoint;
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.throttlingBaseDelay = throttlingBaseDelay;
  }

  /**
   * The settings for {@code secretId} (a name such as {@code prod/keys} or a full ARN) from {@code
   * environment}.
   *
   * @throws KeyringConfigException naming the variable or the URI that is wrong
   */
  static AwsSettings of(String secretId, Map<String, String> environment) {
    return of(AwsService.SECRETS_MANAGER, secretId, environment);
  }

  /**
   * The settings for the KMS key {@code keyId} (a key or alias ARN, {@code alias/name}, or a key
   * id) from {@code environment}; the id's syntax is checked by the caller.
   *
   * @throws KeyringConfigException naming the variable or the URI that is wrong
   */
  static AwsSettings forKmsKey(String keyId, Map<String, String> environment) {
    return of(AwsService.KMS, keyId, environment);
  }

  private static AwsSettings of(AwsService service, String rawId, Map<String, String> env) {
    String id = rawId == null ? "" : rawId.trim();
    if (id.isEmpty()) {
      throw new KeyringConfigException(
          "the URI '"
              + service.scheme
              + ":' names no "
              + service.resource
              + "; write "
              + service.syntax
              + ".");
    }
    if (id.length() > 2048 || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new KeyringConfigException(
          "the URI '"
              + service.scheme
              + ":' names an invalid "
              + service.resource
              + " id (control characters or over 2048 characters); write "
              + service.syntax
              + ".");
    }
    return new AwsSettings(
        service,
        id,
        region(service, id, env),
        endpoint(env.get(ENDPOINT)),
        maxAttempts(env.get(MAX_ATTEMPTS)),
        DEFAULT_BASE_DELAY,
        DEFAULT_THROTTLING_BASE_DELAY);
  }

  /** These settings with other base delays (tests, which cannot wait for the SDK's defaults). */
  AwsSettings withBackoff(Duration base, Duration throttlingBase) {
    return new AwsSettings(service, secretId, region, endpoint, maxAttempts, base, throttlingBase);
  }

  AwsService service() {
    return service;
  }

  /** The secret's or the key's id, as written in the URI. */
  String secretId() {
    return secretId;
  }

  /** The region set by the environment or the ARN; empty to let the SDK's chain find it. */
  Optional<String> region() {
    return Optional.ofNullable(region);
  }

  Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  int maxAttempts() {
    return maxAttempts;
  }

  Duration baseDelay() {
    return baseDelay;
  }

  Duration throttlingBaseDelay() {
    return throttlingBaseDelay;
  }

  /** {@code aws-sm prod/keys}, for messages and {@code describe()}. */
  String subject() {
    return service.scheme + " " + secretId;
  }

  /** The region for messages: the configured one, or where the SDK looks for it. */
  String regionForMessages() {
    return region != null ? region : "(the SDK's default region)";
  }

  private static String region(AwsService service, String id, Map<String, String> env) {
    Matcher arn = service.arn.matcher(id);
    if (arn.matches()) {
      return arn.group(1);
    }
    for (String name : new String[] {REGION, DEFAULT_REGION}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        String r = value.trim().toLowerCase(Locale.ROOT);
        if (!r.matches("[a-z0-9-]{1,50}")) {
          throw new KeyringConfigException(
              name + "='" + value.trim() + "' is not an AWS region; set it to e.g. eu-west-1.");
        }
        return r;
      }
    }
    return null;
  }

  private static URI endpoint(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with the same remedy
    }
    throw new KeyringConfigException(
        ENDPOINT
            + " is not an http(s) URL without user info; set it to e.g."
            + " https://vpce-0abc.secretsmanager.eu-west-1.vpce.amazonaws.com, or unset it to use"
            + " the regional endpoint.");
  }

  private static int maxAttempts(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_ATTEMPTS;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= MAX_ATTEMPTS_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new KeyringConfigException(
        MAX_ATTEMPTS
            + "='"
            + value.trim()
            + "' is not a number of attempts from 1 to "
            + MAX_ATTEMPTS_LIMIT
            + " (1 = no retry); unset it for the SDK's standard "
            + DEFAULT_MAX_ATTEMPTS
            + ".");
  }
}
