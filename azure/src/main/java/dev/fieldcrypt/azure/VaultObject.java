package dev.fieldcrypt.azure;

import java.net.URI;

/**
 * A secret or a key in a vault, as {@link AzureErrors} names it: where it is, what it is, and what
 * to do when it is missing or the caller lacks a role on it.
 */
interface VaultObject {
  /** {@code https://<vault>.vault.azure.net}. */
  String vaultUrl();

  /** The object's name. */
  String name();

  /** {@code "secret"} or {@code "key"}, as the {@code az keyvault} commands name them. */
  String kind();

  /** The scheme and URL, such as {@code "azure-kv https://x.vault.azure.net/secrets/name"}. */
  String subject();

  /** The roles to grant, as a sentence. */
  String roles();

  /** How to create the object, as a sentence. */
  String createHint();

  /** The vault's name: the first label of its host. */
  default String vaultName() {
    String host = URI.create(vaultUrl()).getHost();
    int dot = host.indexOf('.');
    return dot < 0 ? host : host.substring(0, dot);
  }
}
