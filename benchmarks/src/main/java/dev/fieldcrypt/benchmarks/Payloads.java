package dev.fieldcrypt.benchmarks;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs shared by the cipher benchmarks, the same for every library so that they compare. */
final class Payloads {
  /** The associated data / context every benchmark binds its values to. */
  static final String CONTEXT = "users.otp_secret";

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Payloads() {}

  /** An ASCII string of {@code bytes} characters, so its UTF-8 form is {@code bytes} bytes. */
  static String ascii(int bytes) {
    // Seeded: every run and every library sees the same values.
    Random r = new Random(bytes);
    StringBuilder sb = new StringBuilder(bytes);
    for (int i = 0; i < bytes; i++) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** {@code n} pseudo-random bytes. */
  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(31L * n).nextBytes(b);
    return b;
  }

  /** A keyring of versions {@code v1 … v<versions>}, the last one active. */
  static Keyring keyring(int versions) {
    List<KeyVersion> all = new ArrayList<>();
    for (int i = 1; i <= versions; i++) {
      all.add(KeyVersion.generate("v" + i));
    }
    return Keyring.of("v" + versions, all);
  }

  /** Fails the benchmark setup when an implementation does not round-trip. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark self-check failed: " + what);
    }
  }
}
