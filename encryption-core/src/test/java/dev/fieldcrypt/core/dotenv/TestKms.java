package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrapperProvider;
import dev.fieldcrypt.core.KeyringConfigException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key-management service inside the test JVM, scheme {@code test-kms}: each key id names an
 * AES-256 key created on first use; wrapping is AES-GCM under it (nonce ‖ ciphertext ‖ tag), so a
 * wrapped key opens under its own key id only and any changed byte fails. Counts the calls, and
 * {@link #down} makes every call fail as an unreachable service would. Registered in the test
 * classpath's {@code META-INF/services}.
 */
public final class TestKms implements KeyWrapperProvider {
  static final Map<String, byte[]> KEYS = new ConcurrentHashMap<>();
  static final AtomicInteger GENERATED = new AtomicInteger();
  static final AtomicInteger UNWRAPPED = new AtomicInteger();
  static volatile boolean down;
  private static final SecureRandom RANDOM = new SecureRandom();

  static void reset() {
    GENERATED.set(0);
    UNWRAPPED.set(0);
    down = false;
  }

  @Override
  public String scheme() {
    return "test-kms";
  }

  @Override
  public KeyWrapper open(String keyId, Map<String, String> environment) {
    return new Wrapper(keyId);
  }

  private record Wrapper(String keyId) implements KeyWrapper {
    @Override
    public String scheme() {
      return "test-kms";
    }

    @Override
    public DataKey generateDataKey() {
      check();
      GENERATED.incrementAndGet();
      byte[] dk = new byte[32];
      RANDOM.nextBytes(dk);
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      byte[] body = crypt(Cipher.ENCRYPT_MODE, nonce, dk);
      byte[] wrapped = Arrays.copyOf(nonce, 12 + body.length);
      System.arraycopy(body, 0, wrapped, 12, body.length);
      return new DataKey(dk, wrapped);
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
      check();
      UNWRAPPED.incrementAndGet();
      return crypt(
          Cipher.DECRYPT_MODE,
          Arrays.copyOf(wrapped, 12),
          Arrays.copyOfRange(wrapped, 12, wrapped.length));
    }

    private void check() {
      if (down) {
        throw new KeyringConfigException(
            "cannot reach test-kms for key " + keyId + "; check the network, then retry.");
      }
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] in) {
      byte[] key =
          KEYS.computeIfAbsent(
              keyId,
              k -> {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                return b;
              });
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return c.doFinal(in);
      } catch (GeneralSecurityException e) {
        throw new KeyringConfigException(
            "test-kms refused to unwrap with key " + keyId + ": not its data key.");
      }
    }
  }
}
