package dev.fieldcrypt.vault;

/**
 * Vault refused the credentials: the token ({@code VAULT_TOKEN}, {@code VAULT_TOKEN_FILE}, {@code
 * ~/.vault-token}) is invalid or expired and no login method can replace it, or an AppRole or
 * Kubernetes login was refused, or no credentials are configured at all.
 */
public class VaultAuthenticationException extends VaultException {
  private static final long serialVersionUID = 1L;

  VaultAuthenticationException(String message) {
    super(message);
  }

  VaultAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
