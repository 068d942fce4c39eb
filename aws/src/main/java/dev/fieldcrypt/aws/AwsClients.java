package dev.fieldcrypt.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the Secrets Manager client of a source and the KMS client of a key: the JDK's HTTP client
 * (no netty, no Apache HttpClient), the SDK's standard retry strategy with {@link
 * AwsSettings#maxAttempts()} attempts and exponential backoff with full jitter, credentials from
 * the SDK's default chain. Stateless.
 */
final class AwsClients {
  /** Connecting is quick or hopeless: fail over to the next attempt soon. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private AwsClients() {}

  /** The SDK's default credential chain, the only production source of credentials. */
  static AwsCredentialsProvider defaultCredentials() {
    return DefaultCredentialsProvider.builder().build();
  }

  /** The retry strategy for {@code s}: standard mode, our attempt count and base delays. */
  static RetryStrategy retryStrategy(AwsSettings s) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(s.maxAttempts())
        .backoffStrategy(BackoffStrategy.exponentialDelay(s.baseDelay(), AwsSettings.MAX_BACKOFF))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(s.throttlingBaseDelay(), AwsSettings.MAX_BACKOFF))
        .build();
  }

  /**
   * A client for {@code s}.
   *
   * @throws SdkClientException when the SDK finds no region (mapped by {@link AwsErrors})
   */
  static SecretsManagerClient build(AwsSettings s, AwsCredentialsProvider credentials) {
    return configure(SecretsManagerClient.builder(), s, credentials).build();
  }

  /** A KMS client for {@code s}, configured as {@link #build}. */
  static KmsClient buildKms(AwsSettings s, AwsCredentialsProvider credentials) {
    return configure(KmsClient.builder(), s, credentials).build();
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, AwsSettings s, AwsCredentialsProvider credentials) {
    B b =
        builder
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            .credentialsProvider(credentials)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(retryStrategy(s))
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT));
    s.region().map(Region::of).ifPresent(b::region);
    s.endpoint().ifPresent(b::endpointOverride);
    return b;
  }
}
