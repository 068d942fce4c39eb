package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyringConfigException;

/**
 * Root of the errors of the {@code vault:} key source: Vault could not be reached ({@link
 * VaultConnectionException}), is sealed ({@link VaultSealedException}), refused the credentials
 * ({@link VaultAuthenticationException}) or the path ({@link VaultPermissionDeniedException}), or
 * holds no secret there ({@link VaultSecretNotFoundException}). A lost check-and-set race is a
 * {@link VaultConflictException}, which is a {@link dev.fieldcrypt.core.KeyringConflictException}
 * instead, as for every source.
 *
 * <p>Every message names {@code VAULT_ADDR}, the secret's path and the remedy; none holds a token,
 * a secret id, a JWT or a field's value, so messages are safe to log.
 *
 * <pre>{@code
 * try {
 *   keyring = source.load();
 * } catch (VaultConnectionException e) {
 *   log.warn("Vault is down, keeping the last keyring: {}", e.getMessage());
 * }
 * }</pre>
 */
public class VaultException extends KeyringConfigException {
  private static final long serialVersionUID = 1L;

  VaultException(String message) {
    super(message);
  }

  VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
