package dev.fieldcrypt.gcp;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * A Google Cloud KMS key wrapping the data key of an envelope-mode keyring file, the URI {@code
 * gcp-kms:projects/P/locations/L/keyRings/R/cryptoKeys/K}. Cloud KMS has no data-key call, so
 * {@link #generateDataKey()} draws 32 bytes from {@link SecureRandom} and wraps them with one
 * {@code cryptoKeys.encrypt} (the key's primary version); {@link #unwrap(byte[])} is one {@code
 * cryptoKeys.decrypt}, which finds the version that wrapped them, so old files open after a
 * rotation of the KMS key. Both bind the additional authenticated data {@value #AAD}: a ciphertext
 * this key made for another purpose is not taken for a data key. Every request and answer is
 * guarded by CRC32C as Google recommends (the request's checksums verified by the service, the
 * answer's here; a damaged answer is retried like a 503). REST API:
 * https://cloud.google.com/kms/docs/reference/rest/v1/projects.locations.keyRings.cryptoKeys/encrypt
 * and …/decrypt.
 *
 * <p>Settings from {@link GcpKmsSettings}; credentials from Application Default Credentials only,
 * scoped to {@value #SCOPE}, loaded at the first call. Failures are one {@link GcpKmsException}
 * naming the key and the remedy, never the data key, its wrapped form or a token. Thread-safe.
 *
 * <pre>{@code
 * KeyWrapper kms = KeyWrappers.open(
 *     "gcp-kms:projects/my-project/locations/global/keyRings/fieldcrypt/cryptoKeys/keyring-file",
 *     System.getenv());
 * }</pre>
 */
final class GcpKmsKeyWrapper implements KeyWrapper {
  static final String AAD = "fieldcrypt:keyring-file";
  static final String SCOPE = "https://www.googleapis.com/auth/cloudkms";
  private static final byte[] AAD_BYTES = AAD.getBytes(StandardCharsets.US_ASCII);
  private static final int DATA_KEY_BYTES = 32;

  private final CryptoKeyName key;
  private final KmsRest rest;
  private final SecureRandom random = new SecureRandom();

  private GcpKmsKeyWrapper(CryptoKeyName key, KmsRest rest) {
    this.key = key;
    this.rest = rest;
  }

  /**
   * The wrapper of {@code keyId} with settings from {@code environment}. Does no I/O.
   *
   * @throws KeyringConfigException when the key name or a setting is invalid
   */
  static GcpKmsKeyWrapper of(String keyId, Map<String, String> environment) {
    CryptoKeyName key = CryptoKeyName.parse(keyId);
    GcpKmsSettings settings = GcpKmsSettings.fromEnvironment(environment);
    Supplier<Credentials> credentials =
        settings.sendsCredentials() ? new ApplicationDefault(key) : null;
    return new GcpKmsKeyWrapper(key, new KmsRest(settings, credentials));
  }

  /** For tests: {@code credentials} on every call, whatever the endpoint. */
  static GcpKmsKeyWrapper of(
      String keyId, Map<String, String> environment, Credentials credentials) {
    return new GcpKmsKeyWrapper(
        CryptoKeyName.parse(keyId),
        new KmsRest(GcpKmsSettings.fromEnvironment(environment), () -> credentials));
  }

  @Override
  public String scheme() {
    return GcpKmsKeyWrapperProvider.SCHEME;
  }

  @Override
  public String keyId() {
    return key.toString();
  }

  @Override
  public DataKey generateDataKey() {
    byte[] plaintext = new byte[DATA_KEY_BYTES];
    random.nextBytes(plaintext);
    try {
      JsonObject body = new JsonObject();
      body.addProperty("plaintext", Base64.getEncoder().encodeToString(plaintext));
      body.addProperty("plaintextCrc32c", crc32c(plaintext));
      body.addProperty(
          "additionalAuthenticatedData", Base64.getEncoder().encodeToString(AAD_BYTES));
      body.addProperty("additionalAuthenticatedDataCrc32c", crc32c(AAD_BYTES));
      byte[] wrapped = rest.post(key, "encrypt", body, this::ciphertextOf);
      return new DataKey(plaintext, wrapped);
    } catch (RuntimeException e) {
      Arrays.fill(plaintext, (byte) 0);
      throw e;
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped) {
    if (wrapped == null || wrapped.length == 0) {
      throw new InvalidArgumentException("the wrapped data key must not be empty");
    }
    JsonObject body = new JsonObject();
    body.addProperty("ciphertext", Base64.getEncoder().encodeToString(wrapped));
    body.addProperty("ciphertextCrc32c", crc32c(wrapped));
    body.addProperty("additionalAuthenticatedData", Base64.getEncoder().encodeToString(AAD_BYTES));
    body.addProperty("additionalAuthenticatedDataCrc32c", crc32c(AAD_BYTES));
    return rest.post(key, "decrypt", body, this::plaintextOf);
  }

  /** The wrapped key of an encrypt answer, once the checksums agree. */
  private byte[] ciphertextOf(JsonObject r) {
    if (!isTrue(r, "verifiedPlaintextCrc32c")
        || !isTrue(r, "verifiedAdditionalAuthenticatedDataCrc32c")) {
      throw KmsErrors.damaged("encrypt", key, "does not confirm the request's checksums");
    }
    byte[] wrapped = bytes(r, "ciphertext", "encrypt");
    checkCrc(r, "ciphertextCrc32c", wrapped, "encrypt");
    return wrapped;
  }

  /** The data key of a decrypt answer, once its checksum agrees; wiped when refused. */
  private byte[] plaintextOf(JsonObject r) {
    byte[] plaintext = bytes(r, "plaintext", "decrypt");
    try {
      checkCrc(r, "plaintextCrc32c", plaintext, "decrypt");
      if (plaintext.length != DATA_KEY_BYTES) {
        throw new GcpKmsException(
            GcpKmsException.Reason.INVALID_CIPHERTEXT,
            KmsErrors.subject(key)
                + " decrypted the file's wrapped key to "
                + plaintext.length
                + " bytes where a data key has "
                + DATA_KEY_BYTES
                + ": the header names a key that did not wrap this file's data key; restore the"
                + " file from a backup.");
      }
      return plaintext;
    } catch (RuntimeException e) {
      Arrays.fill(plaintext, (byte) 0);
      throw e;
    }
  }

  private void checkCrc(JsonObject r, String field, byte[] data, String method) {
    JsonElement e = r.get(field);
    long expected;
    try {
      expected = e == null || e.isJsonNull() ? -1 : e.getAsLong();
    } catch (RuntimeException notANumber) {
      expected = -1;
    }
    if (expected != Long.parseLong(crc32c(data))) {
      throw KmsErrors.damaged(method, key, "has a " + field + " that does not match");
    }
  }

  private byte[] bytes(JsonObject r, String field, String method) {
    JsonElement e = r.get(field);
    try {
      byte[] b = Base64.getDecoder().decode(e.getAsString());
      if (b.length > 0) {
        return b;
      }
    } catch (RuntimeException missingOrNotBase64) {
      // reported below, without the value
    }
    throw KmsErrors.damaged(method, key, "has no base64 " + field);
  }

  private static boolean isTrue(JsonObject r, String field) {
    JsonElement e = r.get(field);
    return e != null
        && e.isJsonPrimitive()
        && e.getAsJsonPrimitive().isBoolean()
        && e.getAsBoolean();
  }

  /** The CRC32C of {@code data} as the API writes an int64: a decimal string. */
  static String crc32c(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return Long.toString(c.getValue());
  }

  @Override
  public String toString() {
    return "GcpKmsKeyWrapper[" + key + "]";
  }

  /** Application Default Credentials scoped to Cloud KMS, loaded once, at the first call. */
  private static final class ApplicationDefault implements Supplier<Credentials> {
    private final CryptoKeyName key;
    private Credentials loaded;

    ApplicationDefault(CryptoKeyName key) {
      this.key = key;
    }

    @Override
    public synchronized Credentials get() {
      if (loaded == null) {
        try {
          loaded = GoogleCredentials.getApplicationDefault().createScoped(SCOPE);
        } catch (IOException e) {
          throw KmsErrors.unauthenticated(
              "no Application Default Credentials could be loaded to use "
                  + KmsErrors.subject(key)
                  + ": ");
        }
      }
      return loaded;
    }
  }
}
