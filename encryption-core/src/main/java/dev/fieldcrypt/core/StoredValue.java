package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * A column value as stored, parsed by the one rule of docs/format.md ("Classifying a column
 * value"). This class is the only place that parses or writes the stored format {@code
 * <version>:<body>}: {@code <version>} matches {@code [A-Za-z0-9._-]{1,32}} and {@code <body>} is
 * canonical standard base64 (RFC 4648 §4: padded to a multiple of four characters, unused bits
 * zero) of {@code nonce(12) ‖ ciphertext ‖ tag(16)}, so that exactly one stored string exists per
 * value. Everything else (the converter, the re-encryption jobs, {@code stats}, the CLI) asks it.
 *
 * <p>{@link #parse} never throws and decodes the body at most once; {@link #classify} then says
 * what the value is for a keyring: {@linkplain Kind#NULL null}, {@linkplain Kind#CIPHERTEXT
 * ciphertext} of a version the keyring holds, ciphertext-shaped under an {@linkplain
 * Kind#UNKNOWN_VERSION unknown version}, {@linkplain Kind#DAMAGED damaged} (a ciphertext label with
 * a broken body, never plaintext to encrypt) or {@linkplain Kind#PLAINTEXT plaintext}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the kind, the label and the body length,
 * never the value.
 *
 * <pre>{@code
 * StoredValue v = StoredValue.parse(rs.getString("otp_secret"));
 * switch (v.classify(keyring)) {
 *   case CIPHERTEXT -> count(v.label());
 *   case DAMAGED, UNKNOWN_VERSION -> report(v.problem());
 *   default -> { }
 * }
 * }</pre>
 */
public final class StoredValue {

  /** What a column value is, by the rule of docs/format.md. */
  public enum Kind {
    /** SQL NULL: left alone by every tool. */
    NULL,
    /** Canonical ciphertext under a version the keyring holds. */
    CIPHERTEXT,
    /**
     * Canonical ciphertext under a version the keyring does not hold: reported, never encrypted.
     */
    UNKNOWN_VERSION,
    /**
     * A keyring label, or a label of the shape fieldcrypt generates ({@code v1}, {@code v2}, …),
     * before a body that is not canonical base64 of at least nonce and tag: reported, never
     * encrypted as plaintext.
     */
    DAMAGED,
    /** Not a ciphertext: no label prefix, or an unknown label before text that is not a body. */
    PLAINTEXT
  }

  static final int MIN_BODY_BYTES = AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;
  static final int MAX_LABEL_LENGTH = 32;
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private static final StoredValue NULL_VALUE = new StoredValue(null, -1, null, null);

  /** Base64 digit values of the ASCII characters, -1 elsewhere. */
  private static final byte[] DIGITS = new byte[128];

  static {
    Arrays.fill(DIGITS, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      DIGITS[alphabet.charAt(i)] = (byte) i;
    }
  }

  private final String value;
  private final int colon;
  private final byte[] body;
  private final String problem;

  private StoredValue(String value, int colon, byte[] body, String problem) {
    this.value = value;
    this.colon = colon;
    this.body = body;
    this.problem = problem;
  }

  /**
   * Parses a stored value (null for SQL NULL). Never throws: a value that is not a ciphertext is a
   * {@code StoredValue} whose {@link #problem()} says why. The body is decoded here, once.
   */
  public static StoredValue parse(String value) {
    if (value == null) {
      return NULL_VALUE;
    }
    int colon = labelEnd(value);
    if (colon < 0) {
      return new StoredValue(value, -1, null, "no '<version>:' prefix");
    }
    byte[] body = decode(value, colon + 1);
    if (body == null) {
      return new StoredValue(value, colon, null, "the body is not canonical padded base64");
    }
    if (body.length < MIN_BODY_BYTES) {
      return new StoredValue(
          value,
          colon,
          null,
          "the body is " + body.length + " bytes, shorter than nonce and tag (28)");
    }
    return new StoredValue(value, colon, body, null);
  }

  /** Whether this is SQL NULL. */
  public boolean isNull() {
    return value == null;
  }

  /** Whether the value has a label, a colon and a canonical body: the shape of a ciphertext. */
  public boolean isCiphertextShaped() {
    return body != null;
  }

  /**
   * The label before the colon, or null when the value has no {@code <version>:} prefix (or is
   * null). A label says nothing about whether the rest is a ciphertext; see {@link #classify}.
   */
  public String label() {
    return colon < 0 ? null : value.substring(0, colon);
  }

  /** Whether the value's label is {@code label}, compared in place. */
  public boolean hasLabel(String label) {
    return colon >= 0 && labelIs(value, colon, label);
  }

  /** Why the value is not ciphertext-shaped, or null when it is (or is null). Never the value. */
  public String problem() {
    return problem;
  }

  /** The stored text itself (null for SQL NULL). */
  public String text() {
    return value;
  }

  /** What the value is for a keyring holding {@code keyring}'s versions. */
  public Kind classify(Keyring keyring) {
    return classify(colon >= 0 && keyring.contains(label()));
  }

  /**
   * What the value is for a keyring holding the versions {@code keyringLabels}. With an empty set
   * (a tool that holds no keyring) every ciphertext-shaped value is {@link Kind#UNKNOWN_VERSION},
   * and only generated labels ({@code v1}, {@code v2}, …) make a broken value {@link Kind#DAMAGED}.
   */
  public Kind classify(Set<String> keyringLabels) {
    return classify(colon >= 0 && keyringLabels.contains(label()));
  }

  /** The rule, given whether the value's label is a version of the keyring. */
  private Kind classify(boolean knownLabel) {
    if (value == null) {
      return Kind.NULL;
    }
    if (colon < 0) {
      return Kind.PLAINTEXT;
    }
    if (body != null) {
      return knownLabel ? Kind.CIPHERTEXT : Kind.UNKNOWN_VERSION;
    }
    return knownLabel || isGeneratedLabel(value, colon) ? Kind.DAMAGED : Kind.PLAINTEXT;
  }

  /** The decoded body; only for a ciphertext-shaped value. */
  byte[] body() {
    return body;
  }

  /** Index of the colon ending the label; only for a value with a label. */
  int colon() {
    return colon;
  }

  @Override
  public String toString() {
    if (value == null) {
      return "StoredValue[null]";
    }
    if (body != null) {
      return "StoredValue[" + label() + ", " + body.length + "-byte body]";
    }
    return "StoredValue[not a ciphertext: " + problem + "]";
  }

  // --- the format itself: package-private, used by FieldCipher on its hot path ---

  /**
   * {@code <version>:<base64(body)>}, built in the one array the String is made from: the JDK's
   * encoder (intrinsified on current CPUs, far faster than a hand-written loop from 1 KiB up)
   * writes at the array's start, the text moves right past the label, and the label goes in front.
   */
  static String format(String version, byte[] body) {
    int labelLength = version.length();
    int encodedLength = 4 * ((body.length + 2) / 3);
    byte[] out = new byte[labelLength + 1 + encodedLength];
    ENCODER.encode(body, out);
    System.arraycopy(out, 0, out, labelLength + 1, encodedLength);
    for (int i = 0; i < labelLength; i++) {
      out[i] = (byte) version.charAt(i); // labels are ASCII (checked by KeyVersion)
    }
    out[labelLength] = ':';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The first byte of a binary stored value, format 1 (never a label character). */
  static final byte BINARY_FORMAT_1 = (byte) 0xF1;

  /**
   * A binary stored value's frame, {@code 0xF1 ‖ len(label) ‖ label}, with room for {@code
   * bodyBytes} bytes of body after it; the body's offset is {@code 2 + label.length()}.
   */
  static byte[] binaryFrame(String version, int bodyBytes) {
    int labelLength = version.length();
    byte[] out = new byte[2 + labelLength + bodyBytes];
    out[0] = BINARY_FORMAT_1;
    out[1] = (byte) labelLength;
    for (int i = 0; i < labelLength; i++) {
      out[2 + i] = (byte) version.charAt(i); // labels are ASCII (checked by KeyVersion)
    }
    return out;
  }

  /**
   * The offset of the body of binary stored value {@code value} (after its frame).
   *
   * @throws MalformedCiphertextException when {@code value} is not a binary stored value: another
   *     first byte, a label length outside 1..32, a label of other characters, or a body too short
   */
  static int binaryBodyOffset(byte[] value, String context) {
    if (value.length < 3 || value[0] != BINARY_FORMAT_1) {
      throw new MalformedCiphertextException(
          context,
          value.length == 0
              ? "an empty binary value"
              : "not a binary stored value (its first byte is not 0xF1)");
    }
    int labelLength = value[1] & 0xFF;
    if (labelLength < 1 || labelLength > KeyVersion.MAX_LABEL_LENGTH) {
      throw new MalformedCiphertextException(context, "a binary value with a bad label length");
    }
    int offset = 2 + labelLength;
    if (value.length < offset + MIN_BODY_BYTES) {
      throw new MalformedCiphertextException(context, "a truncated binary value");
    }
    for (int i = 2; i < offset; i++) {
      byte b = value[i];
      boolean ok =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '.'
              || b == '_'
              || b == '-';
      if (!ok) {
        throw new MalformedCiphertextException(context, "a binary value with a bad label");
      }
    }
    return offset;
  }

  /** The version label of binary stored value {@code value}. */
  static String binaryVersion(byte[] value, String context) {
    int offset = binaryBodyOffset(value, context);
    return new String(value, 2, offset - 2, StandardCharsets.US_ASCII);
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

  /** Whether the label of {@code value}, which ends at {@code colon}, is {@code label}. */
  static boolean labelIs(String value, int colon, String label) {
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
   * @throws MalformedCiphertextException when the body is not canonical base64 of at least nonce
   *     and tag
   */
  static byte[] body(String value, int colon, String context) {
    byte[] body = decode(value, colon + 1);
    if (body == null) {
      throw new MalformedCiphertextException(context, "the body is not canonical padded base64");
    }
    if (body.length < MIN_BODY_BYTES) {
      throw new MalformedCiphertextException(
          context, "the body is " + body.length + " bytes, shorter than nonce and tag");
    }
    return body;
  }

  /** Index of the colon that ends a valid label, or -1. Hand-written: this is on the hot path. */
  private static int labelEnd(String value) {
    int max = Math.min(value.length(), MAX_LABEL_LENGTH + 1);
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

  /**
   * Whether the label ending at {@code colon} has the shape fieldcrypt generates: v + 1–9 digits.
   */
  private static boolean isGeneratedLabel(String value, int colon) {
    if (colon < 2 || colon > 10 || value.charAt(0) != 'v') {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes the canonical base64 in {@code s} from {@code start} to its end with the JDK's decoder
   * (intrinsified on newer JDKs), over one ISO-8859-1 copy of the String: no substring. The JDK
   * accepts a missing padding and ignores the unused bits of the last character; both are checked
   * here first, so that one stored string opens to one value. A character outside ISO-8859-1
   * becomes '?', which the decoder rejects like any other character outside the alphabet.
   *
   * @return the bytes, or {@code null} when the text is not canonical base64
   */
  private static byte[] decode(String s, int start) {
    int n = s.length() - start;
    if (n % 4 != 0 || !unusedBitsZero(s)) {
      return null;
    }
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer decoded;
    try {
      decoded = DECODER.decode(ByteBuffer.wrap(text, start, n));
    } catch (IllegalArgumentException e) {
      return null;
    }
    byte[] array = decoded.array();
    return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
  }

  /**
   * Whether the last data character before the padding has its unused low bits zero (4 bits before
   * {@code ==}, 2 before {@code =}). Characters outside the alphabet are left to the decoder.
   */
  private static boolean unusedBitsZero(String s) {
    int end = s.length();
    if (end < 2 || s.charAt(end - 1) != '=') {
      return true;
    }
    boolean two = s.charAt(end - 2) == '=';
    char last = s.charAt(end - (two ? 3 : 2));
    if (last >= 128 || DIGITS[last] < 0) {
      return true; // not base64: the decoder rejects it
    }
    return (DIGITS[last] & (two ? 0x0f : 0x03)) == 0;
  }
}
