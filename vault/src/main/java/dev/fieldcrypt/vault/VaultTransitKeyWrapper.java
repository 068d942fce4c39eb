package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key of Vault's Transit secrets engine wrapping the data key of an envelope-mode keyring file:
 * {@code vault-transit:MOUNT/keys/NAME} ({@code vault-transit:transit/keys/fieldcrypt}). A new data
 * key is {@code POST /v1/MOUNT/datakey/plaintext/NAME} with {@code bits=256}; unwrapping is {@code
 * POST /v1/MOUNT/decrypt/NAME}. The wrapped bytes are Transit's ciphertext string ({@code
 * vault:v1:…}, UTF-8), so a Transit key rotation keeps old files readable and {@code vault write
 * transit/keys/NAME/config min_decryption_version=…} retires them. API:
 * developer.hashicorp.com/vault/api-docs/secret/transit ("Generate data key", "Decrypt").
 *
 * <p>Vault's address, authentication, TLS and resilience are those of the {@code vault:} source
 * ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, AppRole, Kubernetes, retries and circuit breaker).
 * Policy for applications: {@code update} on {@code MOUNT/decrypt/NAME}; for the operator who
 * writes files: {@code update} on {@code MOUNT/datakey/plaintext/NAME}. Thread-safe.
 */
public final class VaultTransitKeyWrapper implements KeyWrapper {
  /** The scheme, {@code vault-transit}. */
  public static final String SCHEME = "vault-transit";

  private static final Pattern KEY_ID =
      Pattern.compile("([A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*)/keys/([A-Za-z0-9._-]+)");

  private final String keyId;
  private final String mount;
  private final String name;
  private final VaultConfig config;
  private final VaultAuth auth;

  private VaultTransitKeyWrapper(String keyId, String mount, String name, Map<String, String> env) {
    this.keyId = keyId;
    this.mount = mount;
    this.name = name;
    this.config = VaultConfig.from(env);
    this.auth = new VaultAuth(new VaultHttp(config), Clock.systemUTC());
  }

  /**
   * The Transit key {@code keyId} ({@code MOUNT/keys/NAME}) names, configured from {@code
   * environment}. Does no I/O.
   *
   * @throws KeyringConfigException when the key id is not of that shape or a setting is invalid
   */
  public static VaultTransitKeyWrapper create(String keyId, Map<String, String> environment) {
    Matcher m = KEY_ID.matcher(keyId == null ? "" : keyId);
    if (!m.matches()) {
      throw new KeyringConfigException(
          "'"
              + keyId
              + "' is not a Transit key id; write vault-transit:MOUNT/keys/NAME, e.g."
              + " vault-transit:transit/keys/fieldcrypt.");
    }
    return new VaultTransitKeyWrapper(keyId, m.group(1), m.group(2), environment);
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public DataKey generateDataKey() {
    ObjectNode body = VaultHttp.JSON.createObjectNode().put("bits", 256);
    JsonNode data = post(mount + "/datakey/plaintext/" + name, body, "data-key request");
    byte[] plaintext = decode(data.path("plaintext").asText(""), "data-key request");
    String ciphertext = data.path("ciphertext").asText("");
    if (!ciphertext.startsWith("vault:")) {
      throw unexpected("data-key request");
    }
    return new DataKey(plaintext, ciphertext.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] unwrap(byte[] wrapped) {
    ObjectNode body =
        VaultHttp.JSON
            .createObjectNode()
            .put("ciphertext", new String(wrapped, StandardCharsets.UTF_8));
    JsonNode data = post(mount + "/decrypt/" + name, body, "decrypt request");
    return decode(data.path("plaintext").asText(""), "decrypt request");
  }

  private JsonNode post(String path, JsonNode body, String what) {
    String request = what + " of Transit key " + keyId;
    VaultResponse r = auth.call("POST", path, body, request);
    if (r.status() == 403) {
      throw auth.forbidden(r, request, path);
    }
    if (r.status() == 400) {
      // Transit's 400s: a ciphertext of another key or version, a damaged one, a missing key.
      throw new VaultException(
          "Vault at VAULT_ADDR="
              + config.address()
              + " refused the "
              + request
              + " (HTTP 400): the file's wrapped data key is not this key's (another key, a version below"
              + " min_decryption_version, or a damaged file). Check the Transit key, or restore"
              + " the file from a backup.");
    }
    if (!r.ok()) {
      throw VaultErrors.forStatus(config, r, request, path);
    }
    return r.json().path("data");
  }

  private byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw unexpected(what);
    }
  }

  private VaultException unexpected(String what) {
    return new VaultException(
        "Vault at VAULT_ADDR="
            + config.address()
            + " answered the "
            + what
            + " of Transit key "
            + keyId
            + " without the fields Vault's API documents; is "
            + mount
            + " a Transit mount?");
  }

  @Override
  public String toString() {
    return "VaultTransitKeyWrapper[" + keyId + " at " + config.address() + "]";
  }
}
