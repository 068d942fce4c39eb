package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrapperProvider;
import dev.fieldcrypt.core.KeyWrappers;
import java.util.Map;

/**
 * The {@code aws-kms} scheme of {@link KeyWrappers}: {@code aws-kms:<key ARN, alias ARN, alias/name
 * or key id>} opens the AWS KMS key that wraps an envelope-mode keyring file's data key, with
 * settings from the given environment ({@code AWS_REGION}, {@code FIELDCRYPT_AWS_ENDPOINT}, {@code
 * FIELDCRYPT_AWS_MAX_ATTEMPTS}). Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeyWrapperProvider}. Opening checks the syntax only.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * // FIELDCRYPT_MASTER_KMS_KEY=aws-kms:arn:aws:kms:eu-west-1:111122223333:key/1234abcd-…
 * KeyWrapper kms = KeyWrappers.open("aws-kms:alias/fieldcrypt", System.getenv());
 * }</pre>
 */
public final class AwsKmsKeyWrapperProvider implements KeyWrapperProvider {
  /** The URI scheme, {@code aws-kms}. */
  public static final String SCHEME = "aws-kms";

  /** For {@link java.util.ServiceLoader}. */
  public AwsKmsKeyWrapperProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public KeyWrapper open(String keyId, Map<String, String> environment) {
    return AwsKmsKeyWrapper.of(keyId, environment);
  }
}
