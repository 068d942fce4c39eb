package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.StoredValue.Kind;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stored format against {@link Base64}: the same text for every length written; for every body
 * read after a label, exactly the strings the JDK writes are accepted (canonical: padded, unused
 * bits zero), with the minimum-length rule; and the classification rule of docs/format.md.
 */
class StoredValueTest {
  private static final String CONTEXT = "users.otp_secret";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String BODY_28 = Base64.getEncoder().encodeToString(new byte[28]);
  private static final Keyring KEYRING =
      Keyring.of("v2", List.of(KeyVersion.generate("v1"), KeyVersion.generate("v2")));

  @Test
  void format_writesTheLabelAColonAndTheJdksBase64_forEveryLength() {
    SplittableRandom random = new SplittableRandom(1);
    for (int n = 0; n < 300; n++) {
      byte[] body = new byte[n];
      random.nextBytes(body);
      assertThat(StoredValue.format("v12", body))
          .isEqualTo("v12:" + Base64.getEncoder().encodeToString(body));
    }
  }

  /**
   * The oracle: a body text is canonical exactly when the JDK decodes it and encodes the bytes back
   * to the same text.
   */
  @Test
  void body_acceptsExactlyTheCanonicalTexts_andRejectsTheRest() {
    SplittableRandom random = new SplittableRandom(2);
    String noisy = ALPHABET + "====-_ .\n:é";
    int accepted = 0;
    int rejected = 0;
    int nonCanonicalButJdkDecodes = 0;
    for (int round = 0; round < 200_000; round++) {
      StringBuilder text = new StringBuilder();
      if (random.nextBoolean()) {
        // Valid base64 of random bytes, maybe with its padding cut or one character changed.
        byte[] bytes = new byte[random.nextInt(0, 44)];
        random.nextBytes(bytes);
        text.append(Base64.getEncoder().encodeToString(bytes));
        if (random.nextInt(4) == 0 && text.length() > 0) {
          text.setLength(text.length() - random.nextInt(1, Math.min(3, text.length()) + 1));
        }
        if (random.nextInt(4) == 0 && text.length() > 0) {
          text.setCharAt(
              random.nextInt(text.length()), noisy.charAt(random.nextInt(noisy.length())));
        }
      } else {
        int length = random.nextInt(0, 60);
        for (int i = 0; i < length; i++) {
          text.append(noisy.charAt(random.nextInt(noisy.length())));
        }
      }
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(text.toString());
        if (!Base64.getEncoder().encodeToString(expected).equals(text.toString())) {
          nonCanonicalButJdkDecodes++;
          expected = null;
        }
      } catch (IllegalArgumentException e) {
        expected = null;
      }
      boolean longEnough = expected != null && expected.length >= StoredValue.MIN_BODY_BYTES;
      String value = "v1:" + text;
      StoredValue parsed = StoredValue.parse(value);
      assertThat(parsed.isCiphertextShaped()).as("'%s'", text).isEqualTo(longEnough);
      byte[] actual;
      try {
        actual = StoredValue.body(value, 2, CONTEXT);
      } catch (MalformedCiphertextException e) {
        actual = null;
      }
      if (longEnough) {
        assertThat(actual).as("'%s'", text).isEqualTo(expected);
        assertThat(parsed.body()).isEqualTo(expected);
        accepted++;
      } else {
        assertThat(actual).as("'%s' accepted", text).isNull();
        rejected++;
      }
    }
    // Every verdict was exercised many times, the lenient-JDK cases included.
    assertThat(accepted).isGreaterThan(10_000);
    assertThat(rejected).isGreaterThan(10_000);
    assertThat(nonCanonicalButJdkDecodes).isGreaterThan(1_000);
  }

  @Test
  void parse_unpaddedBody_isNotCiphertextShaped() {
    String good = "v1:" + Base64.getEncoder().encodeToString(new byte[40]); // 40 bytes: "=" pad
    assertThat(good).endsWith("=");
    assertThat(StoredValue.parse(good).isCiphertextShaped()).isTrue();
    StoredValue unpadded = StoredValue.parse(good.substring(0, good.length() - 1));
    assertThat(unpadded.isCiphertextShaped()).isFalse();
    assertThat(unpadded.problem()).contains("canonical");
  }

  @Test
  void parse_nonZeroUnusedBits_isNotCiphertextShaped() {
    // 28 zero bytes: "AAAA…AA==" – the last data character before "==" carries 4 unused bits.
    String good = "v1:" + BODY_28;
    assertThat(good).endsWith("A==");
    String nonCanonical = good.substring(0, good.length() - 3) + "B==";
    assertThat(Base64.getDecoder().decode(nonCanonical.substring(3)))
        .as("the JDK opens it to the same bytes")
        .isEqualTo(new byte[28]);
    assertThat(StoredValue.parse(nonCanonical).isCiphertextShaped()).isFalse();
    // One "=": 2 unused bits.
    String one = "v1:" + Base64.getEncoder().encodeToString(new byte[29]);
    assertThat(one).endsWith("A=");
    assertThat(StoredValue.parse(one.substring(0, one.length() - 2) + "B=").isCiphertextShaped())
        .isFalse();
    assertThat(StoredValue.parse(one.substring(0, one.length() - 2) + "E=").isCiphertextShaped())
        .isTrue();
  }

  @Test
  void classify_followsTheRuleOfFormatMd() {
    assertThat(kind(null)).isEqualTo(Kind.NULL);
    assertThat(kind("v1:" + BODY_28)).isEqualTo(Kind.CIPHERTEXT);
    assertThat(kind("v2:" + BODY_28)).isEqualTo(Kind.CIPHERTEXT);
    assertThat(kind("zz:" + BODY_28)).isEqualTo(Kind.UNKNOWN_VERSION);
    assertThat(kind("v3:" + BODY_28)).isEqualTo(Kind.UNKNOWN_VERSION);
    assertThat(kind("v1:hello")).isEqualTo(Kind.DAMAGED);
    assertThat(kind("v1:")).isEqualTo(Kind.DAMAGED);
    assertThat(kind("v3:" + Base64.getEncoder().encodeToString(new byte[27])))
        .isEqualTo(Kind.DAMAGED);
    assertThat(kind("v2:" + BODY_28.substring(0, BODY_28.length() - 2))).isEqualTo(Kind.DAMAGED);
    assertThat(kind("v123456789:x")).isEqualTo(Kind.DAMAGED);
    assertThat(kind("v1234567890:x"))
        .as("10 digits: not a generated label")
        .isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("note:hello")).isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("zz:" + BODY_28.substring(1))).isEqualTo(Kind.PLAINTEXT);
    assertThat(kind(":" + BODY_28)).as("empty label").isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("v 1:" + BODY_28)).as("bad label").isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("x".repeat(33) + ":" + BODY_28)).as("33-char label").isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("JBSWY3DPEHPK3PXP")).isEqualTo(Kind.PLAINTEXT);
    assertThat(kind("")).isEqualTo(Kind.PLAINTEXT);
  }

  @Test
  void classify_customKeyringLabel_makesABrokenValueDamaged_butOnlyWithThatKeyring() {
    String broken = "prod-2024:hello";
    assertThat(StoredValue.parse(broken).classify(Set.of("prod-2024"))).isEqualTo(Kind.DAMAGED);
    assertThat(StoredValue.parse(broken).classify(Set.of())).isEqualTo(Kind.PLAINTEXT);
  }

  @Test
  void labelAndProblem_describeTheValue_andToStringNeverShowsIt() {
    StoredValue v = StoredValue.parse("v12:" + BODY_28);
    assertThat(v.label()).isEqualTo("v12");
    assertThat(v.hasLabel("v12")).isTrue();
    assertThat(v.hasLabel("v1")).isFalse();
    assertThat(v.hasLabel("v123")).isFalse();
    assertThat(v.problem()).isNull();
    assertThat(v.toString()).doesNotContain(BODY_28.substring(0, 8)).contains("v12", "28");
    StoredValue secret = StoredValue.parse("v1:my-secret-otp");
    assertThat(secret.toString()).doesNotContain("my-secret");
    assertThat(secret.problem()).doesNotContain("my-secret");
    assertThat(StoredValue.parse("plain").label()).isNull();
    assertThat(StoredValue.parse(null).isNull()).isTrue();
  }

  @Test
  void requireLabelEnd_noLabel_throwsMalformed() {
    assertThatThrownBy(() -> StoredValue.requireLabelEnd("no label", CONTEXT))
        .isInstanceOf(MalformedCiphertextException.class);
  }

  @Test
  void body_nonAscii_isMalformedNotAnIndexError() {
    String value = "v1:" + "é".repeat(40);
    assertThatThrownBy(() -> StoredValue.body(value, 2, CONTEXT))
        .isInstanceOf(MalformedCiphertextException.class)
        .hasMessageContaining("not canonical");
    assertThat(StoredValue.parse(value).isCiphertextShaped()).isFalse();
  }

  private static Kind kind(String value) {
    return StoredValue.parse(value).classify(KEYRING);
  }
}
