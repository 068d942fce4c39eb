package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyringConflictException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * Writes a new secret version and makes it current only if the current version is still the one the
 * writer read: the check-and-set of an {@code aws-sm:} source.
 *
 * <ol>
 *   <li>{@code PutSecretValue} with a fresh UUID as {@code ClientRequestToken} (so the SDK's
 *       retries of this call are idempotent) and {@code VersionStages=[FIELDCRYPT_PENDING]}: the
 *       new version exists, but readers still get the old {@code AWSCURRENT}.
 *   <li>{@code UpdateSecretVersionStage AWSCURRENT MoveToVersionId=new RemoveFromVersionId=read}:
 *       AWS documents that this fails when the label is attached to another version than {@code
 *       RemoveFromVersionId}, so the move happens only if nobody moved {@code AWSCURRENT} since the
 *       read; the service moves {@code AWSPREVIOUS} to the version we read.
 *   <li>{@code DescribeSecret}: confirms that {@code AWSCURRENT} is on the new version and {@code
 *       AWSPREVIOUS} on the one we read, and tells a lost race (another version is current: {@link
 *       KeyringConflictException}) from a retried move that had succeeded.
 * </ol>
 *
 * <p>What remains: the check and the move are one call, so two fieldcrypt writers cannot both win.
 * A writer that does not check (the console, {@code aws secretsmanager put-secret-value} without
 * stages) moves {@code AWSCURRENT} unconditionally: if it does so before our move we report a
 * conflict; after it, it replaces our version as any later write would, and ours stays restorable
 * as {@code AWSPREVIOUS}. A losing writer's version keeps no label and is left for Secrets Manager
 * to expire. Thread-safe (the SDK client is).
 */
final class SecretWriter {
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";

  /** Our own pending label: {@code AWSPENDING} belongs to rotation Lambdas. */
  static final String PENDING = "FIELDCRYPT_PENDING";

  private static final Logger log = LoggerFactory.getLogger(SecretWriter.class);

  private final AwsSettings settings;

  SecretWriter(AwsSettings settings) {
    this.settings = settings;
  }

  /**
   * Stores {@code text} as the new current version if {@code expected} (null: no version) is still
   * current, and returns the new version's id.
   *
   * @throws KeyringConflictException when another version became current meanwhile
   */
  String write(SecretsManagerClient client, String expected, String text) {
    String token = UUID.randomUUID().toString();
    String created =
        AwsErrors.call(
            settings,
            "PutSecretValue",
            () ->
                client
                    .putSecretValue(
                        r ->
                            r.secretId(settings.secretId())
                                .clientRequestToken(token)
                                .secretString(text)
                                .versionStages(PENDING))
                    .versionId());
    try {
      AwsErrors.call(
          settings,
          "UpdateSecretVersionStage",
          () ->
              client.updateSecretVersionStage(
                  r ->
                      r.secretId(settings.secretId())
                          .versionStage(CURRENT)
                          .moveToVersionId(created)
                          .removeFromVersionId(expected)));
    } catch (AwsKeySourceException e) {
      if (e.reason() != AwsKeySourceException.Reason.REJECTED) {
        throw e;
      }
      // The move was refused: a lost race, or our own retried move that had gone through.
      Optional<String> current = currentVersion(client);
      if (!current.equals(Optional.of(created))) {
        unlabel(client, created);
        if (!Objects.equals(current.orElse(null), expected)) {
          throw conflict(current.orElse(null), expected, e);
        }
        throw e;
      }
    }
    verify(client, expected, created);
    unlabel(client, created);
    return created;
  }

  /**
   * Creates the secret with {@code text} as its first version (IAM {@code
   * secretsmanager:CreateSecret}) and returns that version's id.
   *
   * @throws KeyringConflictException when a secret of that name appeared meanwhile
   */
  String create(SecretsManagerClient client, String text) {
    String token = UUID.randomUUID().toString();
    try {
      return client
          .createSecret(
              r ->
                  r.name(settings.secretId())
                      .clientRequestToken(token)
                      .description("fieldcrypt keyring (dotenv text)")
                      .secretString(text))
          .versionId();
    } catch (ResourceExistsException e) {
      throw new KeyringConflictException(
          settings.subject()
              + " was created by another writer since it was read; run the command again.",
          e);
    } catch (SdkException e) {
      throw AwsErrors.of(e, "CreateSecret", settings);
    }
  }

  /** The version that holds {@code AWSCURRENT}, if any, from {@code DescribeSecret}. */
  Optional<String> currentVersion(SecretsManagerClient client) {
    return versionWith(describe(client), CURRENT);
  }

  DescribeSecretResponse describe(SecretsManagerClient client) {
    return AwsErrors.call(
        settings,
        "DescribeSecret",
        () -> client.describeSecret(r -> r.secretId(settings.secretId())));
  }

  static Optional<String> versionWith(DescribeSecretResponse d, String stage) {
    Map<String, List<String>> stages = d.versionIdsToStages();
    return stages.entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue().contains(stage))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private void verify(SecretsManagerClient client, String expected, String created) {
    DescribeSecretResponse d;
    try {
      d = describe(client);
    } catch (AwsKeySourceException e) {
      // The move has succeeded: failing the write now would make the operator write again.
      log.warn(
          "{}: wrote version {}, but could not confirm the stages: {}",
          settings.subject(),
          created,
          e.reason());
      return;
    }
    Optional<String> current = versionWith(d, CURRENT);
    Optional<String> previous = versionWith(d, PREVIOUS);
    if (!current.equals(Optional.of(created))
        || (expected != null && !previous.equals(Optional.of(expected)))) {
      // Our move succeeded; a later writer has moved the labels on since. Not our conflict.
      log.warn(
          "{}: after writing version {}, AWSCURRENT is on {} and AWSPREVIOUS on {}: another"
              + " writer changed the secret right after this one",
          settings.subject(),
          created,
          current.orElse("no version"),
          previous.orElse("no version"));
    }
  }

  private void unlabel(SecretsManagerClient client, String version) {
    try {
      client.updateSecretVersionStage(
          r -> r.secretId(settings.secretId()).versionStage(PENDING).removeFromVersionId(version));
    } catch (SdkException e) {
      // Cosmetic: the label moves to the next pending write anyway.
      log.debug("{}: could not remove {} from version {}", settings.subject(), PENDING, version);
    }
  }

  private KeyringConflictException conflict(String current, String expected, Throwable cause) {
    return new KeyringConflictException(
        settings.subject()
            + " changed since it was read (AWSCURRENT is now "
            + (current == null ? "on no version" : "version " + current)
            + ", not "
            + (expected == null ? "absent" : "version " + expected)
            + "); nothing was changed by this command; run the command again.",
        cause);
  }
}
