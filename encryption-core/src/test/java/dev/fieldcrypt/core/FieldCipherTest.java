package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FieldCipherTest {
  private static final String CTX = "users.otp_secret";
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final FieldCipher onV1 = FieldCipher.create(Keyring.of("v1", List.of(v1)));
  private final FieldCipher onV2 = FieldCipher.create(Keyring.of("v2", List.of(v1, v2)));

  @Test
  void encrypt_thenDecrypt_roundTripsStringsAndBytes() {
    String stored = onV1.encrypt("JBSWY3DPEHPK3PXP", CTX);
    assertThat(stored).startsWith("v1:").doesNotContain("JBSWY3DPEHPK3PXP");
    assertThat(onV1.decrypt(stored, CTX)).isEqualTo("JBSWY3DPEHPK3PXP");

    byte[] blob = {0, 1, 2, (byte) 0xff};
    assertThat(onV1.decryptBytes(onV1.encrypt(blob, CTX), CTX)).isEqualTo(blob);
  }

  @Test
  void encrypt_unicodeAndEmpty_roundTrip() {
    for (String s : List.of("", "ção 𝄞 日本", "x".repeat(10_000))) {
      assertThat(onV1.decrypt(onV1.encrypt(s, CTX), CTX)).isEqualTo(s);
    }
  }

  @Test
  void encrypt_null_staysNull() {
    assertThat(onV1.encrypt((String) null, CTX)).isNull();
    assertThat(onV1.encrypt((byte[]) null, CTX)).isNull();
    assertThat(onV1.decrypt(null, CTX)).isNull();
    assertThat(onV1.decryptBytes(null, CTX)).isNull();
    assertThat(onV1.reencrypt((String) null, CTX)).isNull();
  }

  @Test
  void encrypt_samePlaintextTwice_givesDifferentCiphertexts() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.add(onV1.encrypt("same", CTX));
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void encrypt_lengthMatchesFormula() {
    for (int n : new int[] {0, 1, 2, 3, 16, 100, 1000}) {
      String stored = onV1.encrypt("a".repeat(n), CTX);
      assertThat(stored.length()).as("n=" + n).isEqualTo(FieldCipher.ciphertextLength(n, 2));
    }
    assertThat(FieldCipher.ciphertextLength(16, 2)).isEqualTo(2 + 1 + 4 * ((28 + 16 + 2) / 3));
  }

  @Test
  void decrypt_keyringWithOldAndNewVersions_readsBoth() {
    String old = onV1.encrypt("old", CTX);
    String fresh = onV2.encrypt("new", CTX);
    assertThat(fresh).startsWith("v2:");
    assertThat(onV2.decrypt(old, CTX)).isEqualTo("old");
    assertThat(onV2.decrypt(fresh, CTX)).isEqualTo("new");
  }

  @Test
  void decrypt_otherContext_throwsDecryptionFailed() {
    String stored = onV1.encrypt("secret", "users.otp_secret");
    assertThatThrownBy(() -> onV1.decrypt(stored, "users.api_token"))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("users.api_token")
        .hasMessageContaining("'v1'")
        .hasMessageNotContaining("secret'");
  }

  @Test
  void decrypt_tamperedTag_throwsDecryptionFailed() {
    String stored = onV1.encrypt("secret", CTX);
    byte[] body = Base64.getDecoder().decode(stored.substring(3));
    body[body.length - 1] ^= 1;
    String tampered = "v1:" + Base64.getEncoder().encodeToString(body);
    assertThatThrownBy(() -> onV1.decrypt(tampered, CTX))
        .isInstanceOf(DecryptionFailedException.class)
        .satisfies(e -> assertThat(((DecryptionFailedException) e).version()).isEqualTo("v1"));
  }

  @Test
  void decrypt_everySingleBitFlipOfBody_isDetected() {
    String stored = onV1.encrypt("abc", CTX);
    byte[] body = Base64.getDecoder().decode(stored.substring(3));
    for (int bit = 0; bit < body.length * 8; bit++) {
      byte[] copy = body.clone();
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
      String tampered = "v1:" + Base64.getEncoder().encodeToString(copy);
      assertThatThrownBy(() -> onV1.decrypt(tampered, CTX))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void decrypt_sameLabelDifferentKey_throwsDecryptionFailed() {
    FieldCipher other = FieldCipher.create(Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    String stored = other.encrypt("x", CTX);
    assertThatThrownBy(() -> onV1.decrypt(stored, CTX))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void decrypt_versionNotInKeyring_throwsUnknownVersionNamingKnownOnes() {
    String stored = onV2.encrypt("x", CTX);
    assertThatThrownBy(() -> onV1.decrypt(stored, CTX))
        .isInstanceOf(UnknownKeyVersionException.class)
        .hasMessageContaining("'v2'")
        .hasMessageContaining("it has v1")
        .satisfies(e -> assertThat(((UnknownKeyVersionException) e).version()).isEqualTo("v2"));
  }

  @Test
  void decrypt_plaintextOrGarbage_throwsMalformedWithoutEchoingTheValue() {
    for (String bad :
        List.of("hunter2", "v1:not base64!!", "v1:AAAA", ":AAAA", "v1", "", "a b:AAAA")) {
      assertThatThrownBy(() -> onV1.decrypt(bad, CTX))
          .as(bad)
          .isInstanceOf(MalformedCiphertextException.class)
          .hasMessageContaining(CTX)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
  }

  @Test
  void versionOf_readsLabelWithoutDecrypting() {
    assertThat(onV2.versionOf(onV2.encrypt("x", CTX))).isEqualTo("v2");
    assertThat(onV1.versionOf("v9-prod.x_1:AAAA")).isEqualTo("v9-prod.x_1");
    assertThatThrownBy(() -> onV1.versionOf("plain text"))
        .isInstanceOf(MalformedCiphertextException.class);
  }

  @Test
  void looksLikeCiphertext_distinguishesCiphertextFromPlaintext() {
    assertThat(FieldCipher.looksLikeCiphertext(onV1.encrypt("", CTX))).isTrue();
    assertThat(FieldCipher.looksLikeCiphertext("JBSWY3DPEHPK3PXP")).isFalse();
    assertThat(FieldCipher.looksLikeCiphertext("v1:AAAA")).isFalse();
    assertThat(FieldCipher.looksLikeCiphertext(null)).isFalse();
  }

  @Test
  void reencrypt_oldVersion_movesToActiveAndKeepsPlaintext() {
    String old = onV1.encrypt("keep me", CTX);
    String moved = onV2.reencrypt(old, CTX);
    assertThat(moved).startsWith("v2:");
    assertThat(onV2.decrypt(moved, CTX)).isEqualTo("keep me");
  }

  @Test
  void reencrypt_alreadyActive_returnsSameString() {
    String current = onV2.encrypt("x", CTX);
    assertThat(onV2.reencrypt(current, CTX)).isSameAs(current);
  }

  @Test
  void reencrypt_parsedValue_movesToActive_andActiveOnesStayAsTheyAre() {
    String old = onV1.encrypt("keep me", CTX);
    String moved = onV2.reencrypt(StoredValue.parse(old), CTX);
    assertThat(onV2.decrypt(moved, CTX)).isEqualTo("keep me");
    assertThat(onV2.reencrypt(StoredValue.parse(moved), CTX)).isSameAs(moved);
  }

  @Test
  void reencrypt_damagedValueUnderTheActiveLabel_isMalformedNotSkipped() {
    for (String damaged : List.of("v2:hello", "v2:", "v2:" + "A".repeat(36))) {
      assertThatThrownBy(() -> onV2.reencrypt(damaged, CTX))
          .as(damaged)
          .isInstanceOf(MalformedCiphertextException.class);
      assertThatThrownBy(() -> onV2.reencrypt(StoredValue.parse(damaged), CTX))
          .isInstanceOf(MalformedCiphertextException.class);
    }
  }

  @Test
  void authenticate_passesForItsOwnColumn_failsForACopyFromAnother() {
    String stored = onV2.encrypt("secret", CTX);
    onV2.authenticate(StoredValue.parse(stored), CTX);
    assertThatThrownBy(() -> onV2.authenticate(StoredValue.parse(stored), "users.api_token"))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> onV2.authenticate(StoredValue.parse("v2:plaintext"), CTX))
        .isInstanceOf(MalformedCiphertextException.class);
    onV2.authenticate(StoredValue.parse(null), CTX);
  }

  @Test
  void dataKeyCache_pastItsBound_evictsAndKeepsWorking() {
    int contexts = FieldCipher.MAX_CACHED_CONTEXTS + 500;
    String[] stored = new String[contexts];
    for (int i = 0; i < contexts; i++) {
      stored[i] = onV1.encrypt("value " + i, "t.c" + i);
    }
    for (int i = 0; i < contexts; i++) {
      assertThat(onV1.decrypt(stored[i], "t.c" + i)).isEqualTo("value " + i);
    }
  }

  @Test
  void encrypt_emptyContext_isRejected() {
    assertThatThrownBy(() -> onV1.encrypt("x", "")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> onV1.encrypt("x", null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void toString_showsLabelsOnly() {
    assertThat(onV2.toString()).isEqualTo("FieldCipher[active=v2, versions=[v1, v2]]");
    assertThat(v1.toString()).isEqualTo("KeyVersion[v1]");
    assertThat(onV2.keyring().toString())
        .doesNotContain(Base64.getEncoder().encodeToString(v1.key()));
  }

  @Test
  void encryptDecrypt_manyThreads_shareOneCipher() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        final int id = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    String p = "t" + id + "-" + i;
                    String ctx = "t.c" + (i % 7);
                    if (!p.equals(onV2.decrypt(onV2.encrypt(p, ctx), ctx))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void decrypt_returnsExactUtf8Bytes() {
    String stored = onV1.encrypt("é".getBytes(StandardCharsets.UTF_8), CTX);
    assertThat(onV1.decrypt(stored, CTX)).isEqualTo("é");
  }
}
