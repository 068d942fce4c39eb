package dev.fieldcrypt.gcp;

import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import dev.fieldcrypt.gcp.GcpSecretManagerException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A secret version's payload: the keyring as dotenv text (what fieldcrypt writes) or as a JSON
 * object with the same names ({@code {"ACTIVE_ENCRYPTION_VERSION": "v1", "ENCRYPTION_KEYS__v1":
 * …}}), checked against the payload's CRC32C when the service sent one. Messages never quote the
 * payload.
 */
final class GcpPayload {
  private GcpPayload() {}

  /** The payload fieldcrypt writes for {@code keyring}: dotenv text, with its CRC32C. */
  static SecretPayload of(Keyring keyring) {
    byte[] data = KeyringEntries.toText(keyring).getBytes(StandardCharsets.UTF_8);
    return SecretPayload.newBuilder()
        .setData(ByteString.copyFrom(data))
        .setDataCrc32C(crc32c(data))
        .build();
  }

  /**
   * The keyring {@code payload} holds, with {@code environment}'s overrides on top.
   *
   * @param subject names the version in messages ({@code "gcp-sm projects/p/secrets/s/versions/3"})
   */
  static Keyring keyring(SecretPayload payload, String subject, Map<String, String> environment) {
    byte[] data = payload.getData().toByteArray();
    if (payload.hasDataCrc32C() && payload.getDataCrc32C() != crc32c(data)) {
      throw new GcpSecretManagerException(
          Reason.DAMAGED_PAYLOAD,
          "the payload of "
              + subject
              + " does not match its CRC32C checksum: it was damaged on the way. Run again; if it"
              + " persists, check what sits between this host and Secret Manager.");
    }
    String text = utf8(data, subject);
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      return KeyringEntries.fromFields(fields(trimmed, subject), subject, environment);
    }
    return KeyringEntries.fromText(text, subject, environment);
  }

  /** The CRC32C (Castagnoli) of {@code data}, as Secret Manager's {@code data_crc32c}. */
  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  private static Map<String, String> fields(String json, String subject) {
    JsonObject object;
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject()) {
        throw new JsonParseException("not an object");
      }
      object = root.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      // Gson's message may quote the text: leave it out.
      throw new KeyringConfigException(
          "the payload of "
              + subject
              + " starts with '{' but is not a JSON object of strings; store the keyring as"
              + " dotenv text (what 'fieldcrypt generate' writes) or as a flat JSON object such as"
              + " {\"ACTIVE_ENCRYPTION_VERSION\": \"v1\", \"ENCRYPTION_KEYS__v1\": \"…\"}.");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new KeyringConfigException(
            "the payload of "
                + subject
                + ", field "
                + safeName(e.getKey())
                + ", is not a JSON string; write every value of the keyring's JSON object as a"
                + " string.");
      }
      fields.put(e.getKey(), v.getAsString());
    }
    return fields;
  }

  private static String safeName(String name) {
    return name.matches("[A-Za-z0-9_.\\-]{1,80}") ? name : "(a field with an unusual name)";
  }

  private static String utf8(byte[] data, String subject) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      throw new GcpSecretManagerException(
          Reason.DAMAGED_PAYLOAD,
          "the payload of "
              + subject
              + " is not UTF-8 text; it holds no fieldcrypt keyring (store the dotenv text of"
              + " 'fieldcrypt generate', or a JSON object with the same names).");
    }
  }
}
