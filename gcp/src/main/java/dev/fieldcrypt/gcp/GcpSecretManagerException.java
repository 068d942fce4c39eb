package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * Secret Manager refused or could not serve a call of the {@code gcp-sm:} source. {@link #reason()}
 * tells the kinds apart; the message names the secret resource, the call, the gRPC status and the
 * remedy, never a credential, a token or the secret's payload (so the server's own error text and
 * the SDK's exception are not kept).
 */
public final class GcpSecretManagerException extends KeyringConfigException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, one value per remedy. */
  public enum Reason {
    /** PERMISSION_DENIED: the caller's identity lacks an IAM role, or the API is disabled. */
    PERMISSION_DENIED,
    /** NOT_FOUND: no such project, secret or version. */
    NOT_FOUND,
    /** RESOURCE_EXHAUSTED after every retry: a quota or rate limit. */
    THROTTLED,
    /** UNAVAILABLE or DEADLINE_EXCEEDED after every retry: the service cannot be reached. */
    UNREACHABLE,
    /** UNAUTHENTICATED, or no Application Default Credentials could be found. */
    UNAUTHENTICATED,
    /** FAILED_PRECONDITION: the version is disabled or destroyed. */
    VERSION_NOT_ENABLED,
    /** The payload's CRC32C does not match, or it is not UTF-8 text. */
    DAMAGED_PAYLOAD,
    /** Any other status (INTERNAL, UNKNOWN, INVALID_ARGUMENT, …). */
    SERVICE_ERROR
  }

  private final Reason reason;

  GcpSecretManagerException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The kind of failure. */
  public Reason reason() {
    return reason;
  }
}
