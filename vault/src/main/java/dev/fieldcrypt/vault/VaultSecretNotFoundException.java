package dev.fieldcrypt.vault;

/**
 * Vault holds no secret at the path (404 on {@code MOUNT/data/PATH}), or its latest version is
 * deleted or destroyed.
 */
public class VaultSecretNotFoundException extends VaultException {
  private static final long serialVersionUID = 1L;

  VaultSecretNotFoundException(String message) {
    super(message);
  }

  VaultSecretNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
