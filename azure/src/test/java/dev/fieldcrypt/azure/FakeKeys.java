package dev.fieldcrypt.azure;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The key operations of {@link FakeKeyVault}: RSA keys held in memory, wrapping and unwrapping with
 * RSA-OAEP-256 (OAEP with SHA-256 and MGF1-SHA-256), values in base64url as the REST API has them.
 */
final class FakeKeys {
  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();

  String create(String name) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      String version = UUID.randomUUID().toString().replace("-", "");
      keys.put(name + "/" + version, g.generateKeyPair());
      return version;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  int handle(HttpExchange ex, String vaultUrl, String name, String version, String op, byte[] body)
      throws IOException {
    KeyPair pair = keys.get(name + "/" + version);
    if (pair == null) {
      return FakeKeyVault.error(
          ex,
          404,
          "KeyNotFound",
          "A key with (name/id) " + name + "/" + version + " was not found.");
    }
    Map<String, Object> fields = FakeKeyVault.readFields(body);
    String alg = (String) fields.get("alg");
    byte[] value =
        fields.get("value") instanceof String v ? Base64.getUrlDecoder().decode(v) : null;
    if (!"RSA-OAEP-256".equals(alg) || value == null) {
      return FakeKeyVault.error(ex, 400, "BadParameter", "Unsupported algorithm or no value.");
    }
    byte[] result;
    try {
      Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      OAEPParameterSpec oaep =
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
      if ("wrapkey".equals(op)) {
        c.init(Cipher.ENCRYPT_MODE, pair.getPublic(), oaep);
      } else if ("unwrapkey".equals(op)) {
        c.init(Cipher.DECRYPT_MODE, pair.getPrivate(), oaep);
      } else {
        return FakeKeyVault.error(ex, 400, "BadParameter", "Unknown operation.");
      }
      result = c.doFinal(value);
    } catch (GeneralSecurityException e) {
      return FakeKeyVault.error(ex, 400, "BadParameter", "Bad Request: the value is not valid.");
    }
    String kid = vaultUrl + "/keys/" + name + "/" + version;
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(result);
    return FakeKeyVault.json(
        ex,
        200,
        w -> {
          w.writeStartObject();
          w.writeStringField("kid", kid);
          w.writeStringField("value", encoded);
          w.writeEndObject();
        });
  }
}
