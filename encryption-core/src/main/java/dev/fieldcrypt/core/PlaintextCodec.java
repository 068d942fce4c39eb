package dev.fieldcrypt.core;

/**
 * How values of one Java type become the plaintext bytes that {@link FieldCipher} encrypts, and
 * back: the byte forms of docs/format.md ("Typed plaintexts"), fixed for good, so that another
 * language reads them and a value written today reads in every later version. Stateless and
 * thread-safe; find one with {@link PlaintextCodecs#forType}.
 *
 * @param <T> the Java type
 */
public interface PlaintextCodec<T> {
  /** The Java type this codec reads and writes. */
  Class<T> type();

  /**
   * The plaintext bytes of {@code value} (never null).
   *
   * @throws InvalidArgumentException when the value cannot be written (an unpaired surrogate)
   */
  byte[] encode(T value);

  /**
   * The value {@code bytes} hold.
   *
   * @throws MalformedPlaintextException when they are not this type's form (a wrong length, bad
   *     text): the attribute's type changed without migrating its values
   */
  T decode(byte[] bytes);
}
