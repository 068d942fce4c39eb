package dev.fieldcrypt.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keyring a secret's value holds: dotenv text (what fieldcrypt writes, and what {@code az
 * keyvault secret set --file .env.crypto} stores), or a JSON object whose members have the dotenv
 * names ({@code {"ACTIVE_ENCRYPTION_VERSION": "v2", "ENCRYPTION_KEYS__v2": "…", …}}), which
 * infrastructure-as-code tools often write. A value whose first non-blank character is {@code {}
 * is JSON. Messages never quote the value: a JSON parser's own message may, so it is not kept.
 */
final class SecretContent {
  private SecretContent() {}

  /**
   * Reads {@code value} with {@code environment}'s overrides on top.
   *
   * @throws KeyringConfigException when the value holds no valid keyring
   */
  static Keyring read(String value, SecretAddress address, Map<String, String> environment) {
    if (value == null || value.isBlank()) {
      throw new KeyringConfigException(
          address.subject()
              + " is empty: it holds no keyring. Store one: az keyvault secret set --vault-name "
              + address.vaultName()
              + " --name "
              + address.name()
              + " --file .env.crypto.");
    }
    if (value.stripLeading().startsWith("{")) {
      return KeyringEntries.fromFields(fields(value, address), address.subject(), environment);
    }
    return KeyringEntries.fromText(value, address.subject(), environment);
  }

  private static Map<String, String> fields(String json, SecretAddress address) {
    try (JsonReader reader = JsonProviders.createReader(json)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        throw notJson(address, "it is not a JSON object");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      while (reader.nextToken() != JsonToken.END_OBJECT) {
        String name = reader.getFieldName();
        JsonToken token = reader.nextToken();
        if (token != JsonToken.STRING) {
          throw notJson(address, "the member '" + shortName(name) + "' is not a string");
        }
        if (fields.put(name, reader.getString()) != null) {
          throw notJson(address, "the member '" + shortName(name) + "' appears twice");
        }
      }
      if (reader.nextToken() != JsonToken.END_DOCUMENT) {
        throw notJson(address, "text follows the JSON object");
      }
      return fields;
    } catch (IOException | RuntimeException e) {
      if (e instanceof KeyringConfigException k) {
        throw k;
      }
      // Not chained: a JSON parser's message may quote the text around the error.
      throw notJson(address, "it is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String shortName(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "…" : name;
  }

  private static KeyringConfigException notJson(SecretAddress address, String why) {
    return new KeyringConfigException(
        address.subject()
            + " starts with '{' but "
            + why
            + ". Store the keyring as dotenv text (az keyvault secret set --file .env.crypto) or"
            + " as one JSON object of strings named like the dotenv settings.");
  }
}
