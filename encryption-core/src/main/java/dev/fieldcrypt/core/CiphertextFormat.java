package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire format, and the only place that parses or writes it: {@code <version>:<body>} where
 * {@code <version>} matches {@code [A-Za-z0-9._-]{1,32}} and {@code <body>} is standard base64 (RFC
 * 4648 §4, with padding) of {@code nonce(12) ‖ ciphertext ‖ tag(16)}. See docs/format.md.
 */
final class CiphertextFormat {
  static final int MIN_BODY_BYTES = AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);
  private static final int[] DECODE = new int[256];

  static {
    Arrays.fill(DECODE, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DECODE[ALPHABET[i]] = i;
    }
  }

  private CiphertextFormat() {}

  /**
   * {@code <version>:<base64(body)>}. The base64 is written straight after the label into the one
   * array the String is made from: this runs once per value written.
   */
  static String format(String version, byte[] body) {
    int labelLength = version.length();
    byte[] out = new byte[labelLength + 1 + 4 * ((body.length + 2) / 3)];
    for (int i = 0; i < labelLength; i++) {
      out[i] = (byte) version.charAt(i); // labels are ASCII (checked by KeyVersion)
    }
    out[labelLength] = ':';
    encode(body, out, labelLength + 1);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Length in characters of the ciphertext of a {@code plaintextBytes}-byte value. */
  static int length(String version, int plaintextBytes) {
    int body = MIN_BODY_BYTES + plaintextBytes;
    return version.length() + 1 + 4 * ((body + 2) / 3);
  }

  /**
   * The version label of {@code value}, without decoding the body.
   *
   * @throws MalformedCiphertextException when there is no valid label before a colon
   */
  static String version(String value, String context) {
    return value.substring(0, requireLabelEnd(value, context));
  }

  /** Whether {@code value}'s label is {@code label}, without copying it out. */
  static boolean hasVersion(String value, String label, String context) {
    int colon = requireLabelEnd(value, context);
    return colon == label.length() && value.startsWith(label);
  }

  /**
   * Index of the colon that ends {@code value}'s label.
   *
   * @throws MalformedCiphertextException when there is no valid label before a colon
   */
  static int requireLabelEnd(String value, String context) {
    int colon = labelEnd(value);
    if (colon < 0) {
      throw new MalformedCiphertextException(context, "no '<version>:' prefix");
    }
    return colon;
  }

  /**
   * The decoded body of {@code value}, whose label ends at {@code colon}.
   *
   * @throws MalformedCiphertextException when the body is not base64 of at least nonce and tag
   */
  static byte[] body(String value, int colon, String context) {
    byte[] body = decode(value, colon + 1);
    if (body == null) {
      throw new MalformedCiphertextException(context, "the body is not valid base64");
    }
    if (body.length < MIN_BODY_BYTES) {
      throw new MalformedCiphertextException(
          context, "the body is " + body.length + " bytes, shorter than nonce and tag");
    }
    return body;
  }

  /** Whether {@code value} has the shape of a ciphertext (label, colon, base64 of a full body). */
  static boolean looksLike(String value) {
    int colon = labelEnd(value);
    if (colon < 0) {
      return false;
    }
    byte[] body = decode(value, colon + 1);
    return body != null && body.length >= MIN_BODY_BYTES;
  }

  /** Index of the colon that ends a valid label, or -1. Hand-written: this is on the hot path. */
  private static int labelEnd(String value) {
    int max = Math.min(value.length(), 33);
    for (int i = 0; i < max; i++) {
      char c = value.charAt(i);
      if (c == ':') {
        return i == 0 ? -1 : i;
      }
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return -1;
      }
    }
    return -1;
  }

  /** Standard base64 (RFC 4648 §4) of {@code src}, with padding, into {@code dst} at {@code at}. */
  private static void encode(byte[] src, byte[] dst, int at) {
    int i = 0;
    int o = at;
    int whole = src.length - src.length % 3;
    while (i < whole) {
      int bits = (src[i++] & 0xff) << 16 | (src[i++] & 0xff) << 8 | (src[i++] & 0xff);
      dst[o++] = ALPHABET[bits >>> 18];
      dst[o++] = ALPHABET[(bits >>> 12) & 63];
      dst[o++] = ALPHABET[(bits >>> 6) & 63];
      dst[o++] = ALPHABET[bits & 63];
    }
    int rest = src.length - whole;
    if (rest > 0) {
      int bits = (src[i] & 0xff) << 16 | (rest == 2 ? (src[i + 1] & 0xff) << 8 : 0);
      dst[o++] = ALPHABET[bits >>> 18];
      dst[o++] = ALPHABET[(bits >>> 12) & 63];
      dst[o++] = rest == 2 ? ALPHABET[(bits >>> 6) & 63] : (byte) '=';
      dst[o] = '=';
    }
  }

  /**
   * Decodes the base64 in {@code s} from {@code start} to its end, accepting exactly what {@link
   * java.util.Base64#getDecoder()} accepts: the standard alphabet, padding optional but correct
   * when present. Reads the characters in place: no substring, no byte copy.
   *
   * @return the bytes, or {@code null} when the text is not valid base64
   */
  private static byte[] decode(String s, int start) {
    int end = s.length();
    int padding = 0;
    if (end > start && s.charAt(end - 1) == '=') {
      padding++;
      end--;
      if (end > start && s.charAt(end - 1) == '=') {
        padding++;
        end--;
      }
    }
    int chars = end - start;
    int tail = chars % 4;
    if (tail == 1 || (padding > 0 && (tail == 0 || tail + padding != 4))) {
      return null;
    }
    byte[] out = new byte[chars / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
    int i = start;
    int o = 0;
    int whole = end - tail;
    int invalid = 0;
    while (i < whole) {
      int a = sextet(s.charAt(i));
      int b = sextet(s.charAt(i + 1));
      int c = sextet(s.charAt(i + 2));
      int d = sextet(s.charAt(i + 3));
      invalid |= a | b | c | d;
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      o += 3;
      i += 4;
    }
    if (tail >= 2) {
      int a = sextet(s.charAt(i));
      int b = sextet(s.charAt(i + 1));
      int c = tail == 3 ? sextet(s.charAt(i + 2)) : 0;
      invalid |= a | b | c;
      int bits = a << 18 | b << 12 | c << 6;
      out[o] = (byte) (bits >> 16);
      if (tail == 3) {
        out[o + 1] = (byte) (bits >> 8);
      }
    }
    return invalid < 0 ? null : out;
  }

  /** The 6-bit value of {@code c}, or -1 when it is not in the alphabet. */
  private static int sextet(char c) {
    return c < 256 ? DECODE[c] : -1;
  }
}
