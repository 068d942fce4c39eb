package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A {@link KeySource} over an AWS Secrets Manager secret, the URI {@code aws-sm:<secret name or
 * ARN>}. {@link #load()} reads the {@code AWSCURRENT} version's {@code SecretString}, dotenv text
 * or a JSON object of the keyring's names, and applies the environment's overrides on top.
 *
 * <p>Writes store dotenv text without the overrides, as a new version, with the check-and-set that
 * {@link SecretWriter} describes: the version this writer read must still be {@code AWSCURRENT}
 * when the new one takes the label, else {@link KeyringConflictException} and the secret serves
 * what the other writer stored. The replaced version stays restorable as {@code AWSPREVIOUS}
 * ({@link KeyringChange#previous()} names it). {@link #create} makes the secret ({@code
 * CreateSecret}) or fills a secret that exists without a value (one created with {@code
 * --kms-key-id} and no value, say); a secret that has a current value is a conflict.
 *
 * <p>Credentials come only from the SDK's default chain; region, endpoint and retries from the
 * environment ({@link AwsSettings}). Every SDK failure, after the SDK's retries with backoff, is
 * one {@link AwsKeySourceException} naming the secret, the region and the remedy. The client is
 * built on first use (opening does no I/O) and kept; {@link #close()} releases it. Thread-safe.
 *
 * <pre>{@code
 * try (AwsSecretsManagerKeySource source =
 *     AwsSecretsManagerKeySource.of("prod/fieldcrypt-keys", System.getenv())) {
 *   FieldCipher cipher = FieldCipher.create(source.load());
 * }
 * }</pre>
 */
public final class AwsSecretsManagerKeySource implements KeySource, AutoCloseable {
  /** The URI scheme, {@code aws-sm}. */
  public static final String SCHEME = "aws-sm";

  private final AwsSettings settings;
  private final Map<String, String> env;
  private final Supplier<AwsCredentialsProvider> credentialsFactory;
  private final SecretWriter writer;
  private AwsCredentialsProvider credentials; // guarded by this
  private SecretsManagerClient client; // guarded by this

  private AwsSecretsManagerKeySource(
      AwsSettings settings,
      Map<String, String> env,
      Supplier<AwsCredentialsProvider> credentialsFactory) {
    this.settings = settings;
    this.env = Map.copyOf(env);
    this.credentialsFactory = credentialsFactory;
    this.writer = new SecretWriter(settings);
  }

  /**
   * The source of the secret {@code secretId} (a name such as {@code prod/keys}, or an ARN), with
   * settings and keyring overrides from {@code environment}.
   *
   * @throws KeyringConfigException when the id or a setting is invalid
   */
  public static AwsSecretsManagerKeySource of(String secretId, Map<String, String> environment) {
    requireEnvironment(environment);
    return new AwsSecretsManagerKeySource(
        AwsSettings.of(secretId, environment), environment, AwsClients::defaultCredentials);
  }

  /** For tests: other credentials (a static pair for a local server) and settings. */
  static AwsSecretsManagerKeySource of(
      AwsSettings settings, Map<String, String> environment, AwsCredentialsProvider credentials) {
    requireEnvironment(environment);
    return new AwsSecretsManagerKeySource(settings, environment, () -> credentials);
  }

  /** The secret's name or ARN, as given. */
  public String secretId() {
    return settings.secretId();
  }

  /**
   * Reads the current version and applies the environment's overrides.
   *
   * @throws AwsKeySourceException when the secret cannot be read (its reason tells why)
   * @throws KeyringConfigException when the secret holds no valid keyring
   */
  @Override
  public Keyring load() {
    return SecretText.parse(read().secretString(), settings.subject(), env);
  }

  @Override
  public String describe() {
    return SCHEME + " " + settings.secretId() + " + environment";
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    if (change == null) {
      throw new InvalidArgumentException("change must not be null");
    }
    GetSecretValueResponse read = read();
    Keyring before = SecretText.parse(read.secretString(), settings.subject(), Map.of());
    Keyring after = change.apply(before);
    if (after == before) {
      return KeyringChange.unchanged(before);
    }
    if (after == null) {
      throw new InvalidArgumentException("the keyring change returned null");
    }
    writer.write(client(), read.versionId(), SecretText.render(after));
    return new KeyringChange(before, after, true, previous(read.versionId()));
  }

  @Override
  public KeyringChange create(Keyring keyring) {
    String text = SecretText.render(keyring);
    State state = state();
    Optional<String> current = state.current();
    if (!state.exists()) {
      writer.create(client(), text);
    } else if (current.isPresent()) {
      throw new KeyringConflictException(
          settings.subject()
              + " already holds a keyring (version "
              + current.get()
              + " is AWSCURRENT); add a version with 'fieldcrypt rotate', or replace it.");
    } else {
      writer.write(client(), null, text);
    }
    return new KeyringChange(null, keyring, true, null);
  }

  @Override
  public KeyringChange replace(Keyring keyring) {
    String text = SecretText.render(keyring);
    State state = state();
    if (!state.exists()) {
      writer.create(client(), text);
      return new KeyringChange(null, keyring, true, null);
    }
    Optional<String> current = state.current();
    Keyring before = current.isPresent() ? storedOrNull(current.get()) : null;
    writer.write(client(), current.orElse(null), text);
    return new KeyringChange(before, keyring, true, current.map(this::previous).orElse(null));
  }

  /**
   * Checks that the secret can be described with these credentials, and names its current version:
   * {@code "aws-sm prod/keys: AWSCURRENT is version 7f0c… (region eu-west-1)"}. Reads no secret
   * value ({@code DescribeSecret} only).
   *
   * @throws AwsKeySourceException when it cannot
   */
  public String health() {
    Optional<String> current = writer.currentVersion(client());
    return settings.subject()
        + ": AWSCURRENT is "
        + current.map(v -> "version " + v).orElse("on no version (the secret has no value)")
        + " (region "
        + settings.regionForMessages()
        + ")";
  }

  /** Closes the SDK client and its credentials provider, if built; a later call builds anew. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    credentials = null;
  }

  @Override
  public String toString() {
    return "AwsSecretsManagerKeySource[" + settings.secretId() + "]";
  }

  private GetSecretValueResponse read() {
    GetSecretValueResponse r =
        AwsErrors.call(
            settings,
            "GetSecretValue",
            () ->
                client()
                    .getSecretValue(
                        b -> b.secretId(settings.secretId()).versionStage(SecretWriter.CURRENT)));
    if (r.secretString() == null) {
      throw new KeyringConfigException(
          settings.subject()
              + " holds a binary secret (SecretBinary), not text; store the keyring as"
              + " SecretString: 'aws secretsmanager put-secret-value --secret-id "
              + settings.secretId()
              + " --secret-string file://.env.crypto'.");
    }
    return r;
  }

  /** The stored keyring of {@code version}, or null when it is not one (replace may overwrite). */
  private Keyring storedOrNull(String version) {
    try {
      GetSecretValueResponse r =
          client().getSecretValue(b -> b.secretId(settings.secretId()).versionId(version));
      return r.secretString() == null
          ? null
          : SecretText.parse(r.secretString(), settings.subject(), Map.of());
    } catch (SdkException | KeyringConfigException e) {
      return null;
    }
  }

  /** Whether the secret exists, and its current version (empty: it exists without a value). */
  private record State(boolean exists, Optional<String> current) {}

  private State state() {
    try {
      return new State(true, writer.currentVersion(client()));
    } catch (AwsKeySourceException e) {
      if (e.reason() == AwsKeySourceException.Reason.NOT_FOUND) {
        return new State(false, Optional.empty());
      }
      throw e;
    }
  }

  private String previous(String version) {
    return "version " + version + " (AWSPREVIOUS) of " + settings.subject();
  }

  private synchronized SecretsManagerClient client() {
    if (client == null) {
      if (credentials == null) {
        credentials = credentialsFactory.get();
      }
      client =
          AwsErrors.call(settings, "client setup", () -> AwsClients.build(settings, credentials));
    }
    return client;
  }

  private static void requireEnvironment(Map<String, String> environment) {
    if (environment == null) {
      throw new InvalidArgumentException("environment must not be null (pass Map.of() for none)");
    }
  }
}
