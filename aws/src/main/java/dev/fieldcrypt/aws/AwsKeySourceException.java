package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * An {@code aws-sm:} source could not read or write its secret, or an {@code aws-kms:} key could
 * not wrap or unwrap a data key, after the SDK's retries. The {@link #reason()} tells the cases
 * apart (so that a caller such as a live keyring holder can keep serving its last good keyring on a
 * {@link Reason#transientFailure() transient} one); the message names the secret id, the region,
 * the call and the remedy, never a credential or a secret value.
 *
 * <pre>{@code
 * try {
 *   keyring = source.load();
 * } catch (AwsKeySourceException e) {
 *   if (!e.reason().transientFailure()) throw e;   // fix the configuration first
 *   // keep the keyring you have and try again later
 * }
 * }</pre>
 */
public final class AwsKeySourceException extends KeyringConfigException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the caller's point of view. */
  public enum Reason {
    /** No credentials in the default chain, or AWS rejected them (unknown key, expired token). */
    AUTHENTICATION_FAILED(false),
    /** The credentials' principal lacks an IAM permission ({@code AccessDeniedException}). */
    PERMISSION_DENIED(false),
    /** The secret does not exist in that region, or is scheduled for deletion. */
    NOT_FOUND(false),
    /** Secrets Manager cannot decrypt the secret with its KMS key ({@code DecryptionFailure}). */
    DECRYPTION_FAILED(false),
    /** The KMS key is disabled, pending deletion or import ({@code DisabledException}). */
    KEY_DISABLED(false),
    /**
     * KMS refused a wrapped data key: another key's, or changed bytes ({@code
     * InvalidCiphertextException}, {@code IncorrectKeyException}).
     */
    INVALID_CIPHERTEXT(false),
    /** Secrets Manager throttled every attempt ({@code ThrottlingException}, HTTP 429). */
    THROTTLED(true),
    /** The endpoint could not be reached (DNS, connection refused, timeout). */
    UNREACHABLE(true),
    /** Secrets Manager answered with a server error (HTTP 5xx) on every attempt. */
    SERVICE_ERROR(true),
    /** The request was refused for another reason (the secret's state, a quota, a bad setting). */
    REJECTED(false);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** Whether trying again later, unchanged, may succeed. */
    public boolean transientFailure() {
      return transientFailure;
    }
  }

  private final Reason reason;

  AwsKeySourceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** What went wrong; never null. */
  public Reason reason() {
    return reason;
  }
}
