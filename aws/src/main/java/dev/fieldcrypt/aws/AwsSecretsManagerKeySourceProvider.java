package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import dev.fieldcrypt.core.KeySources;
import java.util.Map;

/**
 * The {@code aws-sm} scheme of {@link KeySources}: {@code aws-sm:<secret name or ARN>} opens an
 * {@link AwsSecretsManagerKeySource} over that secret, with settings from the given environment
 * ({@code AWS_REGION}, {@code FIELDCRYPT_AWS_ENDPOINT}, {@code FIELDCRYPT_AWS_MAX_ATTEMPTS}).
 * Registered in {@code META-INF/services/dev.fieldcrypt.core.KeySourceProvider}. Opening checks the
 * syntax only; the SDK client is built on first use. Stateless and thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("aws-sm:prod/fieldcrypt-keys");
 * KeySource byArn = KeySources.open(
 *     "aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/fieldcrypt-keys-AbCdEf");
 * }</pre>
 */
public final class AwsSecretsManagerKeySourceProvider implements KeySourceProvider {
  /** For {@link java.util.ServiceLoader}. */
  public AwsSecretsManagerKeySourceProvider() {}

  @Override
  public String scheme() {
    return AwsSecretsManagerKeySource.SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return AwsSecretsManagerKeySource.of(location, environment);
  }
}
