package dev.fieldcrypt.vault;

/**
 * Vault is sealed (it answered 503 "Vault is sealed"): it holds the secret but cannot read it until
 * an operator unseals it ({@code vault operator unseal}).
 */
public class VaultSealedException extends VaultException {
  private static final long serialVersionUID = 1L;

  VaultSealedException(String message) {
    super(message);
  }

  VaultSealedException(String message, Throwable cause) {
    super(message, cause);
  }
}
