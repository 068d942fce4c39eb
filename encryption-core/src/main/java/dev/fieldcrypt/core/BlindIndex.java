package dev.fieldcrypt.core;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a searchable field is indexed: the number of bits kept of its HMAC-SHA256 and the {@link
 * Normalization} steps applied first. {@link FieldCipher#blindIndex} computes the index under one
 * key version, {@link FieldCipher#blindIndexes} under every version a lookup must match.
 *
 * <p>An index value is {@code <version>$<base64url without padding of the kept bytes>}: the version
 * whose search key made it, then {@code ceil(bits / 8)} bytes of {@code HMAC-SHA256(search key,
 * UTF-8(normalized value))}, the bits past {@code bits} set to zero. The search key of a version
 * and context is {@code HKDF-SHA256(key, salt, "fieldcrypt:blind-index:hmac-sha256:" ‖ context)},
 * never a key of the randomized mode. Byte-exact spec and vectors: docs/format.md.
 *
 * <p>Fewer bits leak less (more values share an index value) and cost more (the rows sharing it are
 * read and decrypted, then the false positives dropped); {@link BlindIndexSizing} recommends a
 * number from the table's size. {@link #EXACT_BITS} keeps the whole HMAC: equal indexes mean equal
 * values, so the column can carry a unique constraint.
 */
public final class BlindIndex {
  /** The whole HMAC-SHA256: no false positives; what a unique index needs. */
  public static final int EXACT_BITS = 256;

  /** The fewest bits accepted. */
  public static final int MIN_BITS = 8;

  /** The character between the version and the index bytes (never in a version label). */
  public static final char SEPARATOR = '$';

  /** The longest index value: a 32-character label, the separator, 43 base64url characters. */
  public static final int MAX_LENGTH = KeyVersion.MAX_LABEL_LENGTH + 1 + 43;

  private final int bits;
  private final Set<Normalization> normalization;

  private BlindIndex(int bits, Set<Normalization> normalization) {
    this.bits = bits;
    this.normalization = normalization;
  }

  /**
   * An index keeping {@code bits} bits of the HMAC, after {@code normalization}.
   *
   * @throws InvalidArgumentException when {@code bits} is outside 8..256
   */
  public static BlindIndex of(int bits, Normalization... normalization) {
    if (bits < MIN_BITS || bits > EXACT_BITS) {
      throw new InvalidArgumentException(
          "a blind index keeps "
              + MIN_BITS
              + " to "
              + EXACT_BITS
              + " bits, not "
              + bits
              + "; see BlindIndexSizing (or the CLI's index-size) for a number that fits the table");
    }
    EnumSet<Normalization> steps = EnumSet.noneOf(Normalization.class);
    for (Normalization n : normalization) {
      if (n == null) {
        throw new InvalidArgumentException("a normalization step must not be null");
      }
      steps.add(n);
    }
    return new BlindIndex(bits, Collections.unmodifiableSet(steps));
  }

  /** An exact (untruncated) index after {@code normalization}. */
  public static BlindIndex exact(Normalization... normalization) {
    return of(EXACT_BITS, normalization);
  }

  /** The bits kept. */
  public int bits() {
    return bits;
  }

  /** Whether the index keeps the whole HMAC (and so may be unique). */
  public boolean isExact() {
    return bits == EXACT_BITS;
  }

  /** The normalization steps, applied in {@link Normalization}'s order. */
  public Set<Normalization> normalization() {
    return normalization;
  }

  /** {@code value} normalized as this index does before computing. */
  public String normalize(String value) {
    return Normalization.apply(value, normalization);
  }

  /**
   * The version of an index value ({@code v2} of {@code v2$…}), or null when {@code indexValue} is
   * null or not an index value.
   */
  public static String versionOf(String indexValue) {
    if (indexValue == null) {
      return null;
    }
    int sep = indexValue.indexOf(SEPARATOR);
    if (sep <= 0) {
      return null;
    }
    String label = indexValue.substring(0, sep);
    return KeyVersion.isValidLabel(label) ? label : null;
  }

  /** The index value of {@code mac} under {@code label}: the kept bytes, the rest bits zeroed. */
  String format(String label, byte[] mac) {
    byte[] kept = Arrays.copyOf(mac, (bits + 7) / 8);
    int rest = kept.length * 8 - bits;
    if (rest > 0) {
      kept[kept.length - 1] &= (byte) (0xFF << rest);
    }
    return label + SEPARATOR + Base64.getUrlEncoder().withoutPadding().encodeToString(kept);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlindIndex b && b.bits == bits && b.normalization.equals(normalization);
  }

  @Override
  public int hashCode() {
    return bits * 31 + normalization.hashCode();
  }

  @Override
  public String toString() {
    return "BlindIndex[bits=" + bits + ", normalization=" + normalization + "]";
  }
}
