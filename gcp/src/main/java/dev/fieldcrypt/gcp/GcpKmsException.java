package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * Cloud KMS refused or could not serve a call of the {@code gcp-kms:} key wrapper. {@link
 * #reason()} tells the kinds apart; the message names the key, the call, the HTTP status and the
 * remedy, never a credential, a token, a data key or its wrapped form (so the server's own error
 * text is not kept).
 */
public final class GcpKmsException extends KeyringConfigException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, one value per remedy. */
  public enum Reason {
    /** PERMISSION_DENIED: the caller's identity lacks the IAM role on the key (or no such key). */
    PERMISSION_DENIED,
    /** NOT_FOUND: no such project, location, key ring or key. */
    NOT_FOUND,
    /** RESOURCE_EXHAUSTED after every retry: a quota or rate limit. */
    THROTTLED,
    /** Connection failures, UNAVAILABLE or DEADLINE_EXCEEDED after every retry. */
    UNREACHABLE,
    /** UNAUTHENTICATED, or no Application Default Credentials, or no token from them. */
    UNAUTHENTICATED,
    /** FAILED_PRECONDITION: the key version is disabled or destroyed, or not a symmetric key. */
    KEY_NOT_ENABLED,
    /** INVALID_ARGUMENT to a decrypt: the wrapped key is another key's, or damaged. */
    INVALID_CIPHERTEXT,
    /** A CRC32C that does not match, or an answer without the documented fields. */
    DAMAGED_RESPONSE,
    /** Any other status (INTERNAL, UNKNOWN, INVALID_ARGUMENT to an encrypt, …). */
    SERVICE_ERROR
  }

  private final Reason reason;

  GcpKmsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The kind of failure. */
  public Reason reason() {
    return reason;
  }
}
