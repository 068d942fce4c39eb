package dev.fieldcrypt.vault;

/**
 * Gives Vault's error answers their meaning, in one place: the exception type and a message that
 * names VAULT_ADDR, what was asked, the status and the remedy. Messages hold Vault's own error
 * strings (which carry no secret) but never a request or response body.
 */
final class VaultErrors {
  private VaultErrors() {}

  /**
   * The exception for the non-2xx answer {@code r} to the request {@code what} ({@code "read of
   * secret secret/app"}) on {@code path} ({@code "secret/data/app"}).
   */
  static VaultException forStatus(VaultConfig config, VaultResponse r, String what, String path) {
    String head =
        "Vault at VAULT_ADDR="
            + config.address()
            + (config.namespace() == null ? "" : " (VAULT_NAMESPACE=" + config.namespace() + ")")
            + " answered "
            + r
            + " to the "
            + what
            + " ("
            + path
            + "): ";
    int s = r.status();
    if (s == 503 && (r.errorMentions("sealed") || r.errors().isEmpty())) {
      return new VaultSealedException(
          head + "Vault is sealed; an operator must unseal it ('vault operator unseal').");
    }
    if (s == 429 || s >= 500) {
      return new VaultConnectionException(
          head
              + (s == 429
                  ? "a standby node or a rate limit refused it; point VAULT_ADDR to the active"
                      + " node or the cluster's load balancer, or raise the quota"
                  : "Vault failed; check its logs and 'vault status'")
              + " (retried "
              + config.retries()
              + " time(s), FIELDCRYPT_VAULT_RETRIES).");
    }
    if (s == 404) {
      return new VaultSecretNotFoundException(
          head
              + "no secret there (or its latest version is deleted). Check the mount and path of"
              + " the URI vault:MOUNT/PATH ('vault kv get MOUNT/PATH'), or create the keyring with"
              + " 'fieldcrypt generate --keyring vault:MOUNT/PATH'.");
    }
    if (s == 403) {
      return new VaultPermissionDeniedException(
          head
              + "the token's policies do not allow this. Grant the policy of this token (or"
              + " role) 'read' on "
              + path
              + " (and 'create', 'update' to write keyrings).");
    }
    if (s == 401) {
      return new VaultAuthenticationException(
          head + "the credentials were refused; check VAULT_TOKEN or the login settings.");
    }
    return new VaultException(head + "check the request and Vault's logs.");
  }
}
