package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes one KV v2 secret: {@code GET} and {@code POST /v1/MOUNT/data/PATH}, writes with
 * check-and-set ({@code options.cas}). API: developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2.
 * The fields it returns hold key material: never log them. Thread-safe.
 */
final class VaultKv {
  private final VaultAuth auth;
  private final VaultConfig config;
  private final VaultLocation location;

  VaultKv(VaultAuth auth, VaultConfig config, VaultLocation location) {
    this.auth = auth;
    this.config = config;
    this.location = location;
  }

  /**
   * What the secret holds: its fields (null when there is no live version) and the version that a
   * check-and-set write must name (the current version, 0 when the secret never existed).
   */
  record Stored(Map<String, String> fields, int version) {
    boolean exists() {
      return fields != null;
    }

    @Override
    public String toString() {
      return "Stored[version "
          + version
          + (exists() ? ", " + fields.size() + " fields]" : ", none]");
    }
  }

  /** The secret's latest version. */
  Stored read() {
    String what = "read of secret " + location;
    VaultResponse r = auth.call("GET", location.dataPath(), null, what);
    JsonNode data = r.json().path("data");
    int version = data.path("metadata").path("version").asInt(0);
    if (r.status() == 404) {
      return new Stored(null, version);
    }
    if (r.status() == 403) {
      throw auth.forbidden(r, what, location.dataPath());
    }
    if (!r.ok()) {
      throw VaultErrors.forStatus(config, r, what, location.dataPath());
    }
    JsonNode fields = data.path("data");
    if (!fields.isObject()) {
      return new Stored(null, version);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      if (!e.getValue().isTextual()) {
        throw new VaultException(
            "field "
                + e.getKey()
                + " of the Vault secret "
                + location
                + " at VAULT_ADDR="
                + config.address()
                + " is not a string; store every keyring field as a string ('vault kv put "
                + location
                + " NAME=value …').");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return new Stored(out, version);
  }

  /**
   * Writes {@code fields} as a new version if the current version is still {@code cas} (0: if the
   * secret does not exist); returns the new version.
   *
   * @throws VaultConflictException when another writer wrote first
   */
  int write(Map<String, String> fields, int cas) {
    ObjectNode body = VaultHttp.JSON.createObjectNode();
    body.putObject("options").put("cas", cas);
    ObjectNode data = body.putObject("data");
    fields.forEach(data::put);
    String what = "write of secret " + location;
    VaultResponse r = auth.call("POST", location.dataPath(), body, what);
    if (r.status() == 400 && r.errorMentions("check-and-set")) {
      throw new VaultConflictException(
          "another writer changed the Vault secret "
              + location
              + " at VAULT_ADDR="
              + config.address()
              + " since this command read version "
              + cas
              + " (check-and-set did not match); nothing was written. Run the command again to"
              + " apply the change on top of the new version.");
    }
    if (r.status() == 403) {
      throw auth.forbidden(r, what, location.dataPath());
    }
    if (!r.ok()) {
      throw VaultErrors.forStatus(config, r, what, location.dataPath());
    }
    return r.json().path("data").path("version").asInt(cas + 1);
  }
}
