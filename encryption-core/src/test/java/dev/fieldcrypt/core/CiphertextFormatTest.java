package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The wire format's base64 against {@link Base64} on a whole string: the same text for every length
 * written, and the same verdict (bytes or rejection) for every body read after a label, valid or
 * not, including the minimum-length rule.
 */
class CiphertextFormatTest {
  private static final String CONTEXT = "users.otp_secret";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  @Test
  void formatWritesTheLabelAColonAndTheJdksBase64ForEveryLength() {
    SplittableRandom random = new SplittableRandom(1);
    for (int n = 0; n < 300; n++) {
      byte[] body = new byte[n];
      random.nextBytes(body);
      assertThat(CiphertextFormat.format("v12", body))
          .isEqualTo("v12:" + Base64.getEncoder().encodeToString(body));
    }
  }

  @Test
  void bodyDecodesWhatTheJdkDecodesAndRejectsWhatItRejects() {
    SplittableRandom random = new SplittableRandom(2);
    String noisy = ALPHABET + "====-_ .\n:é";
    int accepted = 0;
    int rejected = 0;
    for (int round = 0; round < 200_000; round++) {
      int length = random.nextInt(0, 60);
      StringBuilder text = new StringBuilder(length);
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
        for (int i = 0; i < length; i++) {
          text.append(noisy.charAt(random.nextInt(noisy.length())));
        }
      }
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(text.toString());
      } catch (IllegalArgumentException e) {
        expected = null;
      }
      String value = "v1:" + text;
      byte[] actual;
      try {
        actual = CiphertextFormat.body(value, 2, CONTEXT);
      } catch (MalformedCiphertextException e) {
        actual = null;
        if (e.getMessage().contains("shorter than nonce and tag")) {
          assertThat(expected).as(text.toString()).isNotNull();
          assertThat(expected.length).isLessThan(CiphertextFormat.MIN_BODY_BYTES);
          continue;
        }
      }
      if (expected != null && expected.length < CiphertextFormat.MIN_BODY_BYTES) {
        assertThat(actual).as("short body accepted: '%s'", text).isNull();
        continue;
      }
      assertThat(actual).as("'%s'", text).isEqualTo(expected);
      if (expected == null) {
        rejected++;
      } else {
        accepted++;
      }
    }
    // Both verdicts were exercised many times.
    assertThat(accepted).isGreaterThan(10_000);
    assertThat(rejected).isGreaterThan(10_000);
  }

  @Test
  void looksLikeAgreesWithBody() {
    byte[] body = new byte[40];
    String good = "v1:" + Base64.getEncoder().encodeToString(body);
    assertThat(CiphertextFormat.looksLike(good)).isTrue();
    assertThat(CiphertextFormat.looksLike(good.substring(0, good.length() - 1))).isFalse();
    assertThat(CiphertextFormat.looksLike("v1:" + "A".repeat(36))).isFalse(); // 27 bytes
    assertThat(CiphertextFormat.looksLike(":" + good.substring(3))).isFalse();
    assertThat(CiphertextFormat.looksLike("plain text")).isFalse();
  }

  @Test
  void hasVersionComparesTheWholeLabel() {
    String v = "v12:" + Base64.getEncoder().encodeToString(new byte[40]);
    assertThat(CiphertextFormat.hasVersion(v, "v12", CONTEXT)).isTrue();
    assertThat(CiphertextFormat.hasVersion(v, "v1", CONTEXT)).isFalse();
    assertThat(CiphertextFormat.hasVersion(v, "v123", CONTEXT)).isFalse();
    assertThatThrownBy(() -> CiphertextFormat.hasVersion("no label", "v1", CONTEXT))
        .isInstanceOf(MalformedCiphertextException.class);
  }

  @Test
  void nonAsciiInTheBodyIsMalformedNotAnIndexError() {
    String value = "v1:" + "é".repeat(40);
    assertThatThrownBy(() -> CiphertextFormat.body(value, 2, CONTEXT))
        .isInstanceOf(MalformedCiphertextException.class)
        .hasMessageContaining("not valid base64");
  }
}
