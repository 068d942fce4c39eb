package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyringConfigException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS KMS key that wraps the data key of an envelope-mode keyring file, the URI {@code
 * aws-kms:<key ARN, alias ARN, alias/name or key id>}. {@link #generateDataKey()} is one {@code
 * GenerateDataKey} ({@code KeySpec=AES_256}); {@link #unwrap(byte[])} is one {@code Decrypt} with
 * {@code KeyId} set, so that a blob of another key is refused instead of decrypted under whatever
 * key made it, and {@code EncryptionAlgorithm=SYMMETRIC_DEFAULT}. Both pass the encryption context
 * {@value #CONTEXT_KEY}={@value #CONTEXT_VALUE}: a key policy can allow these calls only with it,
 * and CloudTrail shows it on every call.
 *
 * <p>Settings as for {@code aws-sm:} ({@link AwsSettings}; a key or alias ARN's region wins),
 * credentials from the SDK's default chain only. Each call builds and closes its own client: the
 * calls are rare (the keyring file keeps the unwrapped key), and nothing is left open between them.
 * Failures are one {@link AwsKeySourceException} naming the key, the region and the remedy, never
 * the data key or a credential. The plaintext from KMS is handed to the caller without a copy.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * KeyWrapper kms = KeyWrappers.open("aws-kms:alias/fieldcrypt", System.getenv());
 * }</pre>
 */
final class AwsKmsKeyWrapper implements KeyWrapper {
  static final String CONTEXT_KEY = "fieldcrypt";
  static final String CONTEXT_VALUE = "keyring-file";
  private static final Map<String, String> CONTEXT = Map.of(CONTEXT_KEY, CONTEXT_VALUE);

  /** A key or alias ARN (region checked by {@link AwsSettings}), an alias, or a key id. */
  private static final Pattern KEY_ID =
      Pattern.compile(
          "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(?:key|alias)/[A-Za-z0-9/_-]+"
              + "|alias/[A-Za-z0-9/_-]{1,250}|(?:mrk-)?[A-Za-z0-9-]{1,64}");

  private final AwsSettings settings;
  private final Supplier<AwsCredentialsProvider> credentials;
  private final boolean ownsCredentials;

  private AwsKmsKeyWrapper(
      AwsSettings settings, Supplier<AwsCredentialsProvider> credentials, boolean owns) {
    this.settings = settings;
    this.credentials = credentials;
    this.ownsCredentials = owns;
  }

  /**
   * The wrapper of {@code keyId} with settings from {@code environment}.
   *
   * @throws KeyringConfigException when the key id or a setting is invalid
   */
  static AwsKmsKeyWrapper of(String keyId, Map<String, String> environment) {
    return new AwsKmsKeyWrapper(settings(keyId, environment), AwsClients::defaultCredentials, true);
  }

  /** For tests: static credentials and settings with a short backoff. */
  static AwsKmsKeyWrapper of(AwsSettings settings, AwsCredentialsProvider credentials) {
    return new AwsKmsKeyWrapper(settings, () -> credentials, false);
  }

  /** The settings of {@code keyId}, whose syntax is checked here. */
  static AwsSettings settings(String keyId, Map<String, String> environment) {
    AwsSettings s = AwsSettings.forKmsKey(keyId, environment);
    if (!KEY_ID.matcher(s.secretId()).matches()) {
      throw new KeyringConfigException(
          "'aws-kms:"
              + s.secretId()
              + "' does not name a KMS key; write "
              + AwsService.KMS.syntax
              + " or aws-kms:arn:aws:kms:eu-west-1:111122223333:key/<key id>.");
    }
    return s;
  }

  @Override
  public String scheme() {
    return AwsKmsKeyWrapperProvider.SCHEME;
  }

  @Override
  public String keyId() {
    return settings.secretId();
  }

  @Override
  public DataKey generateDataKey() {
    GenerateDataKeyResponse r =
        call(
            "GenerateDataKey",
            kms ->
                kms.generateDataKey(
                    b -> b.keyId(keyId()).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)));
    return new DataKey(r.plaintext().asByteArrayUnsafe(), r.ciphertextBlob().asByteArray());
  }

  @Override
  public byte[] unwrap(byte[] wrapped) {
    if (wrapped == null || wrapped.length == 0) {
      throw new KeyringConfigException(
          "the keyring file holds no wrapped data key for " + settings.subject() + ".");
    }
    SdkBytes plaintext =
        call(
                "Decrypt",
                kms ->
                    kms.decrypt(
                        b ->
                            b.keyId(keyId())
                                .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                                .encryptionContext(CONTEXT)))
            .plaintext();
    byte[] key = plaintext == null ? new byte[0] : plaintext.asByteArrayUnsafe();
    if (key.length == 0) {
      throw new KeyringConfigException(
          "KMS returned no plaintext for " + settings.subject() + "; check the key is symmetric.");
    }
    return key;
  }

  private <T> T call(String operation, Function<KmsClient, T> call) {
    AwsCredentialsProvider c = credentials.get();
    try (KmsClient kms =
        AwsErrors.call(settings, operation, () -> AwsClients.buildKms(settings, c))) {
      return AwsErrors.call(settings, operation, () -> call.apply(kms));
    } finally {
      if (ownsCredentials && c instanceof SdkAutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  @Override
  public String toString() {
    return "AwsKmsKeyWrapper[" + keyId() + "]";
  }
}
