package dev.fieldcrypt.vault;

/**
 * Vault could not be reached or could not serve the request: the connection was refused or timed
 * out, the TLS handshake failed, Vault answered 429 (a standby node or a rate limit) or 5xx after
 * every retry, or the circuit breaker is open after repeated failures. Transient: a live keyring
 * keeps its last good keyring and tries again.
 */
public class VaultConnectionException extends VaultException {
  private static final long serialVersionUID = 1L;

  VaultConnectionException(String message) {
    super(message);
  }

  VaultConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
