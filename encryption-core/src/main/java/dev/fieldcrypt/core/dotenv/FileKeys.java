package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyWrappers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Which master key opens an encrypted keyring file: for an envelope-mode file (KDF id 3) the data
 * key its header wraps, unwrapped by the KMS the header names (once per wrapped key: a reload of an
 * unchanged or rewritten file reuses it, so a live keyring's refreshes do not call the KMS); for
 * the others the key given, or else the environment's {@code FIELDCRYPT_MASTER_*} secret. New
 * content is sealed under the key given or the environment's (a {@code FIELDCRYPT_MASTER_KMS_KEY}
 * generates a new data key); a rewrite keeps the file's own key. Thread-safe.
 */
final class FileKeys {
  private final Map<String, String> env;
  private final Path file;
  private final MasterKey given;
  private MasterKey lastUnwrapped;

  private FileKeys(Map<String, String> env, Path file, MasterKey given) {
    this.env = Map.copyOf(env);
    this.file = file;
    this.given = given;
  }

  /** Keys from {@code env}, for {@code file} in messages. */
  static FileKeys fromEnvironment(Map<String, String> env, Path file) {
    return new FileKeys(env, file, null);
  }

  /**
   * {@code key} for every file but an envelope-mode one of another data key, which is unwrapped
   * with the process environment's KMS settings.
   */
  static FileKeys of(MasterKey key) {
    return new FileKeys(System.getenv(), null, key);
  }

  /** The key that opens a file with header {@code h}. */
  synchronized MasterKey forHeader(EncryptedKeyringFormat.Header h) {
    EncryptedKeyringFormat.Kms kms = h.kms();
    if (kms == null) {
      return given != null ? given : MasterKeyVariables.read(env, MasterKey.PREFIX, file);
    }
    for (MasterKey k : new MasterKey[] {given, lastUnwrapped}) {
      if (k != null
          && k.kind() == MasterKey.Kind.KMS
          && Arrays.equals(k.wrapped(), kms.wrapped())
          && k.wrapper().scheme().equals(kms.scheme())
          && k.wrapper().keyId().equals(kms.keyId())) {
        return k;
      }
    }
    lastUnwrapped =
        MasterKey.unwrappedBy(KeyWrappers.open(kms.scheme(), kms.keyId(), env), kms.wrapped());
    return lastUnwrapped;
  }

  /** The key that seals a new file's content. */
  MasterKey forNewContent() {
    return given != null ? given : MasterKeyVariables.read(env, MasterKey.PREFIX, file);
  }
}
