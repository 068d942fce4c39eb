package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyringConflictException;

/**
 * A write lost a check-and-set race: another writer stored a new version of the secret between this
 * writer's read and its write (Vault answered 400 "check-and-set parameter did not match the
 * current version"). The secret holds the other writer's keyring, unchanged by this call; run the
 * command again to apply the change on top of it.
 */
public class VaultConflictException extends KeyringConflictException {
  private static final long serialVersionUID = 1L;

  VaultConflictException(String message) {
    super(message);
  }
}
