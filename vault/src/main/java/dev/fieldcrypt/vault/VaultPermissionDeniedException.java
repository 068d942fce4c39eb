package dev.fieldcrypt.vault;

/**
 * Vault accepted the token but its policies do not allow the operation on the secret's path (403
 * with a token that {@code auth/token/lookup-self} still accepts). The remedy is a policy granting
 * {@code read} (and {@code create}, {@code update} to write) on {@code MOUNT/data/PATH}.
 */
public class VaultPermissionDeniedException extends VaultException {
  private static final long serialVersionUID = 1L;

  VaultPermissionDeniedException(String message) {
    super(message);
  }

  VaultPermissionDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
