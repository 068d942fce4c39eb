package dev.fieldcrypt.azure;

import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyringConfigException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Azure Key Vault RSA key wrapping the data key of an encrypted keyring file (envelope mode):
 * the data key is 32 bytes from {@link SecureRandom}, wrapped and unwrapped by the service with
 * RSA-OAEP-256 ({@code POST /keys/{name}/{version}/wrapkey}, {@code …/unwrapkey}); the private key
 * never leaves the vault and the public key is not fetched for local use. Errors are {@link
 * AzureKeyVaultException}s naming the key and the remedy, never a data key or a token. Thread-safe.
 */
final class AzureKeyWrapper implements KeyWrapper {
  private static final int DATA_KEY_BYTES = 32;
  private static final KeyWrapAlgorithm ALGORITHM = KeyWrapAlgorithm.RSA_OAEP_256;

  private final KeyAddress key;
  private final AzureSettings settings;
  private final CryptographyClient client;
  private final SecureRandom random = new SecureRandom();

  AzureKeyWrapper(KeyAddress key, AzureClients clients) {
    this.key = key;
    this.settings = clients.settings();
    this.client = clients.cryptographyClient(key.url());
  }

  @Override
  public String scheme() {
    return KeyAddress.SCHEME;
  }

  @Override
  public String keyId() {
    return key.url();
  }

  @Override
  public DataKey generateDataKey() {
    byte[] plaintext = new byte[DATA_KEY_BYTES];
    random.nextBytes(plaintext);
    try {
      byte[] wrapped =
          AzureCalls.call(
              "wrapping a data key with",
              key,
              settings,
              () -> client.wrapKey(ALGORITHM, plaintext).getEncryptedKey());
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
    byte[] plaintext =
        AzureCalls.call(
            "unwrapping the data key with",
            key,
            settings,
            () -> client.unwrapKey(ALGORITHM, wrapped).getKey());
    if (plaintext == null || plaintext.length != DATA_KEY_BYTES) {
      int length = plaintext == null ? 0 : plaintext.length;
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
      throw new KeyringConfigException(
          key.subject()
              + " unwrapped "
              + length
              + " bytes where a data key has "
              + DATA_KEY_BYTES
              + ": the file's header names a key that did not wrap this file.");
    }
    return plaintext;
  }

  @Override
  public String toString() {
    return "AzureKeyWrapper[" + key.url() + "]";
  }
}
