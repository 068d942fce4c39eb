package dev.fieldcrypt.core;

/**
 * One key of a key-management service (AWS KMS, Google Cloud KMS, an Azure Key Vault key, Vault's
 * Transit engine) that wraps and unwraps the data key of an encrypted keyring file in envelope mode
 * (docs/format.md, "Encrypted keyring file", KDF id 3): the file's header holds the wrapped data
 * key, and the plaintext data key exists only in memory, for as long as the file is opened or
 * written. Opened by {@link KeyWrappers#open} from a URI such as {@code
 * aws-kms:arn:aws:kms:eu-west-1:111122223333:key/…} through a {@link KeyWrapperProvider}.
 *
 * <p>Implementations are thread-safe, call the service only from {@link #generateDataKey()} and
 * {@link #unwrap(byte[])}, and throw {@link KeyringConfigException}s that name the key, what is
 * wrong (permission denied, not found, throttled, unreachable) and the remedy, never a data key or
 * a credential.
 */
public interface KeyWrapper {

  /** The URI scheme of the service, such as {@code aws-kms}. */
  String scheme();

  /** The key's id within the service: what follows the scheme in the URI, stored in the header. */
  String keyId();

  /**
   * A new random 32-byte data key and its wrapped form (AWS: {@code GenerateDataKey}; elsewhere 32
   * bytes from a {@link java.security.SecureRandom} wrapped by the service's encrypt call).
   *
   * @throws KeyringConfigException when the service refuses or cannot be reached
   */
  DataKey generateDataKey();

  /**
   * The data key that {@code wrapped} holds.
   *
   * @throws KeyringConfigException when the service refuses (another key, no permission, damaged
   *     bytes) or cannot be reached
   */
  byte[] unwrap(byte[] wrapped);

  /**
   * A plaintext data key and its wrapped form. {@link #toString()} shows neither.
   *
   * @param plaintext the 32-byte key; the caller wipes it after use
   * @param wrapped what the service returned, stored in the file's header
   */
  record DataKey(byte[] plaintext, byte[] wrapped) {
    @Override
    public String toString() {
      return "DataKey[" + wrapped.length + " wrapped bytes]";
    }
  }
}
