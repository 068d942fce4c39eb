package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared fixtures: the environment pointing at a {@link FakeVault}, keyrings, a test clock. */
final class VaultTests {
  static final String SECRET = "secret/myapp/encryption";
  static final String DATA_PATH = "secret/data/myapp/encryption";

  private VaultTests() {}

  /** Root-token access with short backoff and timeouts, and no cache. */
  static Map<String, String> env(FakeVault vault) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", FakeVault.ROOT_TOKEN);
    env.put("FIELDCRYPT_VAULT_BACKOFF", "5ms");
    env.put("FIELDCRYPT_VAULT_BREAKER_COOLDOWN", "300ms");
    env.put("FIELDCRYPT_VAULT_CONNECT_TIMEOUT", "1s");
    env.put("FIELDCRYPT_VAULT_REQUEST_TIMEOUT", "2s");
    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "0");
    return env;
  }

  /** A keyring with versions v1..vN, vN active. */
  static Keyring keyring(int versions) {
    List<KeyVersion> list = new java.util.ArrayList<>();
    for (int i = 1; i <= versions; i++) {
      list.add(KeyVersion.generate("v" + i));
    }
    return Keyring.of("v" + versions, list);
  }

  /** Stores {@code keyring} in the fake as {@code vault kv put} would. */
  static Keyring stored(FakeVault vault, Keyring keyring) {
    vault.put(SECRET, KeyringEntries.toFields(keyring));
    return keyring;
  }

  /** A loopback port nothing listens on (it was free a moment ago): a refused connection. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-03T14:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
