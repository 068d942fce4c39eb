package dev.fieldcrypt.aws;

import dev.fieldcrypt.aws.AwsKeySourceException.Reason;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws (after its retries) into one {@link AwsKeySourceException} naming the
 * secret or KMS key, the region, the call, and the remedy. Built from the error code, the HTTP
 * status and the request id only: the service's own message text and the request are never copied,
 * so no credential or secret value can reach a message. Stateless.
 */
final class AwsErrors {
  private static final Set<String> AUTH_CODES =
      Set.of(
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "ExpiredTokenException",
          "ExpiredToken",
          "MissingAuthenticationToken");

  private AwsErrors() {}

  /** Runs the SDK call {@code operation}, turning its failure into the typed error. */
  static <T> T call(AwsSettings s, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw of(e, operation, s);
    }
  }

  /**
   * The typed error for {@code e}, thrown by the call {@code operation} (e.g. "GetSecretValue").
   */
  static AwsKeySourceException of(SdkException e, String operation, AwsSettings s) {
    if (e instanceof AwsServiceException service) {
      return service(service, operation, s);
    }
    return client(e, operation, s);
  }

  private static AwsKeySourceException service(
      AwsServiceException e, String operation, AwsSettings s) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String c = code == null ? "" : code;
    Reason reason = classify(e, c);
    return new AwsKeySourceException(
        reason,
        headline(reason, s.service())
            + where(s)
            + " ("
            + operation
            + ": "
            + (code == null ? "no error code" : code)
            + ", HTTP "
            + e.statusCode()
            + ", request id "
            + e.requestId()
            + "). "
            + remedy(reason, c, operation, s),
        e);
  }

  private static Reason classify(AwsServiceException e, String code) {
    int status = e.statusCode();
    boolean throttled = e.isThrottlingException() || status == 429 || code.contains("Throttl");
    if (code.equals("AccessDeniedException")) {
      return Reason.PERMISSION_DENIED;
    } else if (AUTH_CODES.contains(code) || status == 401 || (status == 403 && !throttled)) {
      return Reason.AUTHENTICATION_FAILED;
    } else if (code.equals("ResourceNotFoundException") || code.equals("NotFoundException")) {
      return Reason.NOT_FOUND;
    } else if (code.equals("DecryptionFailure")) {
      return Reason.DECRYPTION_FAILED;
    } else if (code.equals("DisabledException") || code.equals("KMSInvalidStateException")) {
      return Reason.KEY_DISABLED;
    } else if (code.equals("InvalidCiphertextException") || code.equals("IncorrectKeyException")) {
      return Reason.INVALID_CIPHERTEXT;
    } else if (throttled) {
      return Reason.THROTTLED;
    }
    return status >= 500 ? Reason.SERVICE_ERROR : Reason.REJECTED;
  }

  private static String headline(Reason reason, AwsService service) {
    return switch (reason) {
      case PERMISSION_DENIED -> "permission denied on ";
      case AUTHENTICATION_FAILED -> "AWS rejected the credentials of the default chain for ";
      case NOT_FOUND -> "not found: ";
      case DECRYPTION_FAILED -> "Secrets Manager cannot decrypt ";
      case KEY_DISABLED -> "not usable (disabled, pending deletion or import): ";
      case INVALID_CIPHERTEXT ->
          "not this key's data key or a damaged file: KMS refused the wrapped data key for ";
      case THROTTLED -> "throttled on ";
      case SERVICE_ERROR -> service.displayName + " failed on ";
      default -> service.displayName + " refused the request on ";
    };
  }

  private static String remedy(Reason reason, String code, String operation, AwsSettings s) {
    return s.service() == AwsService.KMS
        ? KmsRemedies.remedy(reason, operation, s)
        : secretsManagerRemedy(reason, code, operation, s);
  }

  /** The remedy for a throttled, failing or unreachable call of either service. */
  static String retryRemedy(Reason reason, AwsSettings s) {
    return switch (reason) {
      case THROTTLED ->
          "Gave up after up to "
              + s.maxAttempts()
              + " attempts with backoff; retry later, lower the rate of callers sharing this"
              + " account's quota, or raise "
              + AwsSettings.MAX_ATTEMPTS
              + ".";
      case SERVICE_ERROR ->
          "Gave up after up to "
              + s.maxAttempts()
              + " attempts; retry later (see the AWS Health Dashboard for the region).";
      default -> "Check the " + s.service().resource + "'s state and this account's quotas.";
    };
  }

  private static String secretsManagerRemedy(
      Reason reason, String code, String operation, AwsSettings s) {
    return switch (reason) {
      case PERMISSION_DENIED ->
          "Grant secretsmanager:"
              + operation
              + " on this secret (and kms:Decrypt on its KMS key) to the IAM role or user that"
              + " the SDK's default credential chain finds.";
      case AUTHENTICATION_FAILED ->
          "Refresh them (a new session, 'aws sso login'), or check AWS_PROFILE and the role the"
              + " process runs as; fieldcrypt takes credentials from the chain only.";
      case NOT_FOUND ->
          "Check the secret id and the region (AWS_REGION); if the secret exists without a value,"
              + " put one ('aws secretsmanager put-secret-value --secret-id "
              + s.secretId()
              + " --secret-string file://.env.crypto'), else create it with 'fieldcrypt generate"
              + " --keyring aws-sm:"
              + s.secretId()
              + "' or 'aws secretsmanager create-secret'.";
      case DECRYPTION_FAILED ->
          "Grant kms:Decrypt on the secret's KMS key to the role the credential chain finds, and"
              + " check that the key is enabled and not pending deletion.";
      case THROTTLED, SERVICE_ERROR -> retryRemedy(reason, s);
      default ->
          code.equals("InvalidRequestException")
              ? "The secret may be scheduled for deletion ('aws secretsmanager restore-secret'),"
                  + " or managed by another service."
              : retryRemedy(reason, s);
    };
  }

  private static AwsKeySourceException client(SdkException e, String operation, AwsSettings s) {
    String text = String.valueOf(e.getMessage());
    String where = where(s) + " (" + operation + ")";
    if (text.contains("Unable to load credentials")) {
      return new AwsKeySourceException(
          Reason.AUTHENTICATION_FAILED,
          "no AWS credentials for "
              + where
              + ": the SDK's default chain found none. Provide them the AWS way: an IAM role"
              + " (EC2, ECS, EKS), AWS_PROFILE or SSO, or AWS_ACCESS_KEY_ID with"
              + " AWS_SECRET_ACCESS_KEY in the process environment.",
          e);
    }
    boolean noRegion = text.contains("Unable to load region");
    String message =
        noRegion
            ? "no AWS region for "
                + where
                + ": set "
                + AwsSettings.REGION
                + " (e.g. eu-west-1), or name the "
                + s.service().resource
                + " by its full ARN."
            : "cannot reach "
                + s.service().displayName
                + " at "
                + s.endpoint().map(Object::toString).orElse("the regional endpoint")
                + " for "
                + where
                + ", "
                + rootCause(e)
                + ", after up to "
                + s.maxAttempts()
                + " attempts. Check the network path (DNS, proxy, security groups, a VPC"
                + " endpoint) and "
                + AwsSettings.ENDPOINT
                + " if set.";
    return new AwsKeySourceException(noRegion ? Reason.REJECTED : Reason.UNREACHABLE, message, e);
  }

  private static String where(AwsSettings s) {
    AwsService service = s.service();
    return service.scheme
        + " "
        + service.resource
        + " '"
        + s.secretId()
        + "' in region "
        + s.regionForMessages();
  }

  /** The class of the innermost cause: says "ConnectException" without any message text. */
  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e && e instanceof SdkClientException
        ? "client error"
        : t.getClass().getSimpleName();
  }
}
