package dev.fieldcrypt.core;

import java.util.Map;

/**
 * Opens the {@link KeySource}s of one URI scheme: {@code file} (the dotenv keyring file) and {@code
 * encrypted-file} (the encrypted keyring file), in this module, and in their own modules {@code
 * vault}, {@code aws-sm}, {@code azure-kv}, {@code gcp-sm}. {@link KeySources#open(String)} finds
 * providers with {@link java.util.ServiceLoader}: a module registers its provider in {@code
 * META-INF/services/dev.fieldcrypt.core.KeySourceProvider}.
 *
 * <p>Implementations are public, have a public no-argument constructor, are thread-safe and do no
 * I/O until {@link KeySource#load()}: opening checks the location's syntax only. Errors are {@link
 * KeyringConfigException}s that name the scheme, what is wrong and the remedy; never a secret (a
 * location may hold a token: do not echo it whole).
 *
 * <pre>{@code
 * public final class VaultKeySourceProvider implements KeySourceProvider {
 *   public String scheme() { return "vault"; }
 *   public KeySource open(String location, Map<String, String> environment) {
 *     return VaultKeySource.of(location, environment.get("VAULT_ADDR"), ...);
 *   }
 * }
 * }</pre>
 */
public interface KeySourceProvider {

  /**
   * The URI scheme this provider opens: lower case, at least two characters from {@code a-z 0-9 + .
   * -}, starting with a letter, without the colon ({@code "file"}, {@code "vault"}).
   */
  String scheme();

  /**
   * The source that {@code scheme() + ":" + location} names.
   *
   * @param location what follows {@code "<scheme>:"}, never null (for {@code file:/etc/app/.env} it
   *     is {@code /etc/app/.env})
   * @param environment the environment variables the source may read (overrides, credentials), by
   *     default the process environment; never null
   * @throws KeyringConfigException when the location is not valid for this scheme
   */
  KeySource open(String location, Map<String, String> environment);
}
