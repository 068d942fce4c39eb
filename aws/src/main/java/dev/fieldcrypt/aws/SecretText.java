package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The keyring in a secret's {@code SecretString}: dotenv text (what {@code aws secretsmanager
 * create-secret --secret-string file://.env.crypto} uploads) or a JSON object of the same names
 * ({@code {"ACTIVE_ENCRYPTION_VERSION":"v1","ENCRYPTION_KEYS__v1":"…",…}}, the console's key/value
 * form). A string whose first non-blank character is <code>{</code> is JSON. Writes always store
 * dotenv text ({@link KeyringEntries#toText}).
 *
 * <p>Messages never hold the text, nor the JSON parser's own message (which may quote it).
 * Stateless.
 */
final class SecretText {
  private SecretText() {}

  /** The keyring {@code secretString} holds, with {@code environment}'s overrides on top. */
  static Keyring parse(String secretString, String subject, Map<String, String> environment) {
    String trimmed = secretString.strip();
    if (trimmed.isEmpty()) {
      throw new KeyringConfigException(
          subject
              + " holds an empty SecretString; put the keyring in it: 'aws secretsmanager"
              + " put-secret-value --secret-id <id> --secret-string file://.env.crypto'.");
    }
    if (trimmed.startsWith("{")) {
      return KeyringEntries.fromFields(fields(trimmed, subject), subject, environment);
    }
    return KeyringEntries.fromText(secretString, subject, environment);
  }

  /** The dotenv text a write stores: the keyring alone, no environment overrides. */
  static String render(Keyring keyring) {
    return KeyringEntries.toText(keyring);
  }

  private static Map<String, String> fields(String json, String subject) {
    JsonNode root;
    try {
      root = JsonNode.parser().parse(json);
    } catch (RuntimeException e) {
      // No cause, no message: the parser's message may quote the secret.
      throw new KeyringConfigException(
          subject
              + " holds a SecretString that starts with '{' but is not valid JSON; store the"
              + " keyring as dotenv text or as a JSON object of strings.");
    }
    if (!root.isObject()) {
      throw new KeyringConfigException(
          subject + " holds JSON that is not an object; store {\"NAME\":\"value\",…}.");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.asObject().entrySet()) {
      JsonNode v = e.getValue();
      if (!v.isString()) {
        if (!KeyringEntries.isKeyringName(e.getKey())) {
          continue; // another application's field in a shared secret
        }
        throw new KeyringConfigException(
            subject
                + ", field "
                + e.getKey()
                + ": the value is not a JSON string; write it in double quotes.");
      }
      fields.put(e.getKey(), v.asString());
    }
    return fields;
  }
}
