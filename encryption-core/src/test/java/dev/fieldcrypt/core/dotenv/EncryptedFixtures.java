package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Master keys, passphrases and keyrings for the encrypted keyring file's tests. */
final class EncryptedFixtures {
  /** Argon2id cheap enough for tests (a few milliseconds). */
  static final Argon2Params CHEAP = Argon2Params.of(256, 1, 1);

  static final String PASSPHRASE = "correct horse battery staple";

  private static final SecureRandom RANDOM = new SecureRandom();

  final String masterKeyBase64 = randomKey();
  final Keyring keyring =
      Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));

  static String randomKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  Map<String, String> keyEnv() {
    return Map.of(MasterKey.KEY_VARIABLE, masterKeyBase64);
  }

  static Map<String, String> passphraseEnv() {
    return Map.of(MasterKey.PASSPHRASE_VARIABLE, PASSPHRASE);
  }

  MasterKey key() {
    return MasterKey.fromEnvironment(keyEnv());
  }

  static MasterKey passphrase() {
    return MasterKey.fromEnvironment(passphraseEnv());
  }

  /** Every secret that must never appear in a message: the master secrets and the keyring's. */
  List<String> secrets() {
    List<String> s = new ArrayList<>(List.of(masterKeyBase64, PASSPHRASE));
    Base64.Encoder b64 = Base64.getEncoder();
    for (KeyVersion v : keyring.versions()) {
      s.add(b64.encodeToString(v.keyBytes(SecretKeyAccess.get())));
      s.add(b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
      s.add(v.saltHash());
    }
    return s;
  }

  /** Asserts that neither {@code e} nor its causes quote a secret (any 8 of its characters). */
  void assertNoSecrets(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()) + " " + t;
      for (String secret : secrets()) {
        for (int i = 0; i + 8 <= secret.length(); i++) {
          assertThat(m)
              .as("message of %s", t.getClass())
              .doesNotContain(secret.substring(i, i + 8));
        }
      }
    }
  }

  static boolean sameKeys(Keyring a, Keyring b) {
    if (!a.labels().equals(b.labels()) || !a.activeVersion().equals(b.activeVersion())) {
      return false;
    }
    for (KeyVersion v : a.versions()) {
      if (!v.equals(b.version(v.label()).orElseThrow())) {
        return false;
      }
    }
    return true;
  }
}
