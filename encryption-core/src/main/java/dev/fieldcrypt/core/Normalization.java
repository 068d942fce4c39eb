package dev.fieldcrypt.core;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A step applied to a searchable value before its blind index is computed, at write and at query
 * time alike, so that values a user considers equal find each other. Whatever order they are
 * declared in, the steps of a field run in this enum's order (the order of docs/format.md): {@link
 * #NFC}, {@link #TRIM}, {@link #LOWERCASE}, {@link #DIGITS}.
 *
 * <p>Normalization changes only the index, never the encrypted value: {@code " Alice@Example.COM"}
 * is stored as written and found by {@code "alice@example.com"}.
 */
public enum Normalization {
  /** Unicode canonical composition (NFC): "é" as one code point or as "e" + U+0301 index alike. */
  NFC,
  /** Removes leading and trailing white space ({@link Character#isWhitespace}, Unicode-aware). */
  TRIM,
  /**
   * Lower case by the Unicode default mapping, without locale rules ({@code
   * toLowerCase(Locale.ROOT)}): for e-mail addresses and other case-insensitive identifiers.
   */
  LOWERCASE,
  /**
   * Keeps the decimal digits only, each as its ASCII digit (any Unicode decimal digit counts): "+55
   * (11) 9 8765-4321" indexes as "5511987654321". For phone numbers, tax and national IDs.
   */
  DIGITS;

  /** What an e-mail address usually needs: NFC, trimmed, lower case. */
  public static final Set<Normalization> EMAIL = Set.copyOf(EnumSet.of(NFC, TRIM, LOWERCASE));

  /**
   * {@code value} after {@code steps}, in this enum's order.
   *
   * @throws InvalidArgumentException when {@code value} or {@code steps} is null
   */
  public static String apply(String value, Set<Normalization> steps) {
    if (value == null || steps == null) {
      throw new InvalidArgumentException("value and steps must not be null");
    }
    String v = value;
    if (steps.contains(NFC)) {
      v = Normalizer.normalize(v, Normalizer.Form.NFC);
    }
    if (steps.contains(TRIM)) {
      v = v.strip();
    }
    if (steps.contains(LOWERCASE)) {
      v = v.toLowerCase(Locale.ROOT);
    }
    if (steps.contains(DIGITS)) {
      StringBuilder b = new StringBuilder(v.length());
      v.codePoints()
          .filter(cp -> Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER)
          .forEach(cp -> b.append((char) ('0' + Character.digit(cp, 10))));
      v = b.toString();
    }
    return v;
  }
}
