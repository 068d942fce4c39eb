package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.PlaintextCodec;
import dev.fieldcrypt.core.PlaintextCodecs;
import java.util.Arrays;
import java.util.Map;

/**
 * The converter behind {@link Encrypted} on attributes of the other types fieldcrypt encrypts
 * (numbers, {@code Character}, {@code UUID}, the {@code java.time} types, {@code char[]}): the
 * value's byte form of docs/format.md ("Typed plaintexts"), encrypted as {@code
 * <version>:<base64>}. One concrete subclass per type, so that Hibernate reads the attribute type
 * from the converter's class; {@link #forType} picks it. Thread-safe; {@code null} stays {@code
 * null}.
 *
 * @param <T> the attribute's type
 */
public abstract class EncryptedValueConverter<T> extends EncryptedConverter<T> {
  private final PlaintextCodec<T> codec;

  EncryptedValueConverter(Class<T> type, FieldCipher cipher, String context, long maxLength) {
    super(cipher, context, maxLength);
    this.codec = PlaintextCodecs.forType(type);
    if (codec == null) {
      throw new InvalidArgumentException("fieldcrypt has no plaintext form for " + type.getName());
    }
  }

  @Override
  public String convertToDatabaseColumn(T attribute) {
    if (attribute == null) {
      return null;
    }
    byte[] plain = codec.encode(attribute);
    try {
      return fitting(cipher.encrypt(plain, context));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public T convertToEntityAttribute(String column) {
    if (column == null) {
      return null;
    }
    byte[] plain = cipher.decryptBytes(column, context);
    try {
      return codec.decode(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private interface Factory {
    EncryptedValueConverter<?> create(FieldCipher cipher, String context, long maxLength);
  }

  private static final Map<Class<?>, Factory> BY_TYPE =
      Map.ofEntries(
          Map.entry(java.lang.Boolean.class, OfBoolean::new),
          Map.entry(java.lang.Byte.class, OfByte::new),
          Map.entry(java.lang.Short.class, OfShort::new),
          Map.entry(java.lang.Character.class, OfCharacter::new),
          Map.entry(java.lang.Integer.class, OfInteger::new),
          Map.entry(java.lang.Long.class, OfLong::new),
          Map.entry(java.lang.Float.class, OfFloat::new),
          Map.entry(java.lang.Double.class, OfDouble::new),
          Map.entry(java.math.BigInteger.class, OfBigInteger::new),
          Map.entry(java.math.BigDecimal.class, OfBigDecimal::new),
          Map.entry(java.util.UUID.class, OfUUID::new),
          Map.entry(java.time.LocalDate.class, OfLocalDate::new),
          Map.entry(java.time.LocalTime.class, OfLocalTime::new),
          Map.entry(java.time.LocalDateTime.class, OfLocalDateTime::new),
          Map.entry(java.time.OffsetDateTime.class, OfOffsetDateTime::new),
          Map.entry(java.time.ZonedDateTime.class, OfZonedDateTime::new),
          Map.entry(java.time.Instant.class, OfInstant::new),
          Map.entry(char[].class, OfCharArray::new));

  /**
   * The converter of attributes of {@code type} (a primitive's box for a primitive), or null when
   * there is none (String and byte[] have their own converters).
   */
  public static EncryptedValueConverter<?> forType(
      Class<?> type, FieldCipher cipher, String context, long maxLength) {
    if (type.isEnum()) {
      return new OfEnum(type.asSubclass(Enum.class), cipher, context, maxLength);
    }
    PlaintextCodec<?> codec = PlaintextCodecs.forType(type);
    Factory f = codec == null ? null : BY_TYPE.get(codec.type());
    return f == null ? null : f.create(cipher, context, maxLength);
  }

  /** For enum attributes: the constant's name. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class OfEnum extends EncryptedValueConverter<Enum> {
    public OfEnum(Class<? extends Enum> type, FieldCipher cipher, String context, long maxLength) {
      super((Class) type, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Boolean} attributes. */
  public static final class OfBoolean extends EncryptedValueConverter<java.lang.Boolean> {
    public OfBoolean(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Boolean.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Byte} attributes. */
  public static final class OfByte extends EncryptedValueConverter<java.lang.Byte> {
    public OfByte(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Byte.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Short} attributes. */
  public static final class OfShort extends EncryptedValueConverter<java.lang.Short> {
    public OfShort(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Short.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Character} attributes. */
  public static final class OfCharacter extends EncryptedValueConverter<java.lang.Character> {
    public OfCharacter(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Character.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Integer} attributes. */
  public static final class OfInteger extends EncryptedValueConverter<java.lang.Integer> {
    public OfInteger(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Integer.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Long} attributes. */
  public static final class OfLong extends EncryptedValueConverter<java.lang.Long> {
    public OfLong(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Long.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Float} attributes. */
  public static final class OfFloat extends EncryptedValueConverter<java.lang.Float> {
    public OfFloat(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Float.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.lang.Double} attributes. */
  public static final class OfDouble extends EncryptedValueConverter<java.lang.Double> {
    public OfDouble(FieldCipher cipher, String context, long maxLength) {
      super(java.lang.Double.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.math.BigInteger} attributes. */
  public static final class OfBigInteger extends EncryptedValueConverter<java.math.BigInteger> {
    public OfBigInteger(FieldCipher cipher, String context, long maxLength) {
      super(java.math.BigInteger.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.math.BigDecimal} attributes. */
  public static final class OfBigDecimal extends EncryptedValueConverter<java.math.BigDecimal> {
    public OfBigDecimal(FieldCipher cipher, String context, long maxLength) {
      super(java.math.BigDecimal.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.util.UUID} attributes. */
  public static final class OfUUID extends EncryptedValueConverter<java.util.UUID> {
    public OfUUID(FieldCipher cipher, String context, long maxLength) {
      super(java.util.UUID.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.LocalDate} attributes. */
  public static final class OfLocalDate extends EncryptedValueConverter<java.time.LocalDate> {
    public OfLocalDate(FieldCipher cipher, String context, long maxLength) {
      super(java.time.LocalDate.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.LocalTime} attributes. */
  public static final class OfLocalTime extends EncryptedValueConverter<java.time.LocalTime> {
    public OfLocalTime(FieldCipher cipher, String context, long maxLength) {
      super(java.time.LocalTime.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.LocalDateTime} attributes. */
  public static final class OfLocalDateTime
      extends EncryptedValueConverter<java.time.LocalDateTime> {
    public OfLocalDateTime(FieldCipher cipher, String context, long maxLength) {
      super(java.time.LocalDateTime.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.OffsetDateTime} attributes. */
  public static final class OfOffsetDateTime
      extends EncryptedValueConverter<java.time.OffsetDateTime> {
    public OfOffsetDateTime(FieldCipher cipher, String context, long maxLength) {
      super(java.time.OffsetDateTime.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.ZonedDateTime} attributes. */
  public static final class OfZonedDateTime
      extends EncryptedValueConverter<java.time.ZonedDateTime> {
    public OfZonedDateTime(FieldCipher cipher, String context, long maxLength) {
      super(java.time.ZonedDateTime.class, cipher, context, maxLength);
    }
  }

  /** For {@code java.time.Instant} attributes. */
  public static final class OfInstant extends EncryptedValueConverter<java.time.Instant> {
    public OfInstant(FieldCipher cipher, String context, long maxLength) {
      super(java.time.Instant.class, cipher, context, maxLength);
    }
  }

  /** For {@code char[]} attributes. */
  public static final class OfCharArray extends EncryptedValueConverter<char[]> {
    public OfCharArray(FieldCipher cipher, String context, long maxLength) {
      super(char[].class, cipher, context, maxLength);
    }
  }
}
