package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * Azure Key Vault refused or could not be reached: the {@link Failure} tells which, and the message
 * names the vault URL, the secret and the remedy. Neither the message nor the cause chain holds a
 * token or a secret value: the cause is the SDK's exception, whose message carries the service's
 * error response (a code and a sentence), never the secret.
 */
public final class AzureKeyVaultException extends KeyringConfigException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so that a caller (a health check, the live keyring holder) can tell. */
  public enum Failure {
    /** 401 or no credential could get a token: who is calling is not known to Key Vault. */
    AUTHENTICATION,
    /** 403: the caller is known but has no role on the secret, or a firewall rule refuses it. */
    PERMISSION_DENIED,
    /** 404: the secret (or the version) does not exist. */
    NOT_FOUND,
    /**
     * 409 on a write: the secret is deleted but recoverable (soft delete), or is otherwise busy.
     */
    CONFLICT_STATE,
    /** 400: the request was refused as invalid (a value too large, damaged wrapped bytes). */
    REJECTED,
    /** 429 after every retry: the vault's request limit. */
    THROTTLED,
    /** 5xx after every retry, or an answer this source cannot use. */
    SERVICE_ERROR,
    /** No answer: DNS, connection refused, TLS, timeout. */
    UNREACHABLE
  }

  private final Failure failure;

  AzureKeyVaultException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  /** Which kind of failure this is. */
  public Failure failure() {
    return failure;
  }
}
