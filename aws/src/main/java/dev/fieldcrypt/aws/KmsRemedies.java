package dev.fieldcrypt.aws;

import dev.fieldcrypt.aws.AwsKeySourceException.Reason;

/** The remedies of {@link AwsErrors} for an {@code aws-kms:} key. Stateless. */
final class KmsRemedies {
  private KmsRemedies() {}

  static String remedy(Reason reason, String operation, AwsSettings s) {
    return switch (reason) {
      case PERMISSION_DENIED ->
          "Grant kms:"
              + operation
              + " on this key to the IAM role or user that the SDK's default credential chain"
              + " finds (key policy or IAM policy; a condition on kms:EncryptionContext:fieldcrypt"
              + " must allow 'keyring-file').";
      case AUTHENTICATION_FAILED ->
          "Refresh them (a new session, 'aws sso login'), or check AWS_PROFILE and the role the"
              + " process runs as; fieldcrypt takes credentials from the chain only.";
      case NOT_FOUND ->
          "Check the key id or alias and the region (AWS_REGION, or name the key by its ARN).";
      case KEY_DISABLED ->
          "Enable the key ('aws kms enable-key'), or cancel its deletion ('aws kms"
              + " cancel-key-deletion'), then retry.";
      case INVALID_CIPHERTEXT ->
          "The file's header names this key, but its wrapped data key was made by another key"
              + " or was changed; restore the file from a backup.";
      default -> AwsErrors.retryRemedy(reason, s);
    };
  }
}
