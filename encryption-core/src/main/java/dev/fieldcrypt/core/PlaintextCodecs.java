package dev.fieldcrypt.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalQuery;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@link PlaintextCodec} of each type fieldcrypt encrypts, with the byte forms of
 * docs/format.md ("Typed plaintexts"): fixed-width big-endian for the integral and floating types,
 * two's complement for {@code BigInteger} (and a 32-bit scale before it for {@code BigDecimal}), 16
 * bytes for a UUID, canonical ISO-8601 text for the {@code java.time} types, the constant's name
 * for an enum, UTF-8 for text. Primitive types map to their boxes.
 */
public final class PlaintextCodecs {
  private static final Map<Class<?>, PlaintextCodec<?>> CODECS = new LinkedHashMap<>();

  static {
    add(String.class, PlaintextCodecs::utf8, PlaintextCodecs::fromUtf8);
    add(byte[].class, byte[]::clone, byte[]::clone);
    add(char[].class, PlaintextCodecs::utf8, b -> fromUtf8(b).toCharArray());
    add(Boolean.class, v -> new byte[] {(byte) (v ? 1 : 0)}, PlaintextCodecs::bool);
    add(Byte.class, v -> new byte[] {v}, b -> fixed(b, 1, "Byte").get());
    add(
        Short.class,
        v -> ByteBuffer.allocate(2).putShort(v).array(),
        b -> fixed(b, 2, "Short").getShort());
    add(
        Character.class,
        v -> ByteBuffer.allocate(2).putChar(v).array(),
        b -> fixed(b, 2, "Character").getChar());
    add(
        Integer.class,
        v -> ByteBuffer.allocate(4).putInt(v).array(),
        b -> fixed(b, 4, "Integer").getInt());
    add(
        Long.class,
        v -> ByteBuffer.allocate(8).putLong(v).array(),
        b -> fixed(b, 8, "Long").getLong());
    add(
        Float.class,
        v -> ByteBuffer.allocate(4).putInt(Float.floatToIntBits(v)).array(),
        b -> Float.intBitsToFloat(fixed(b, 4, "Float").getInt()));
    add(
        Double.class,
        v -> ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(v)).array(),
        b -> Double.longBitsToDouble(fixed(b, 8, "Double").getLong()));
    add(BigInteger.class, BigInteger::toByteArray, PlaintextCodecs::bigInteger);
    add(BigDecimal.class, PlaintextCodecs::bigDecimal, PlaintextCodecs::bigDecimal);
    add(
        UUID.class,
        v ->
            ByteBuffer.allocate(16)
                .putLong(v.getMostSignificantBits())
                .putLong(v.getLeastSignificantBits())
                .array(),
        b -> {
          ByteBuffer buf = fixed(b, 16, "UUID");
          return new UUID(buf.getLong(), buf.getLong());
        });
    time(LocalDate.class, DateTimeFormatter.ISO_LOCAL_DATE, LocalDate::from);
    time(LocalTime.class, DateTimeFormatter.ISO_LOCAL_TIME, LocalTime::from);
    time(LocalDateTime.class, DateTimeFormatter.ISO_LOCAL_DATE_TIME, LocalDateTime::from);
    time(OffsetDateTime.class, DateTimeFormatter.ISO_OFFSET_DATE_TIME, OffsetDateTime::from);
    time(ZonedDateTime.class, DateTimeFormatter.ISO_ZONED_DATE_TIME, ZonedDateTime::from);
    time(Instant.class, DateTimeFormatter.ISO_INSTANT, Instant::from);
  }

  private PlaintextCodecs() {}

  /**
   * The codec of {@code type} (a primitive's box for a primitive; any enum), or null when
   * fieldcrypt has none.
   */
  @SuppressWarnings("unchecked")
  public static <T> PlaintextCodec<T> forType(Class<T> type) {
    Class<?> boxed = box(type);
    PlaintextCodec<?> codec = CODECS.get(boxed);
    if (codec == null && boxed.isEnum()) {
      return (PlaintextCodec<T>) enumCodec(boxed.asSubclass(Enum.class));
    }
    return (PlaintextCodec<T>) codec;
  }

  /** The simple names of the types {@link #forType} serves, for messages. */
  public static List<String> supportedTypeNames() {
    List<String> names =
        new java.util.ArrayList<>(CODECS.keySet().stream().map(Class::getSimpleName).toList());
    names.add("enums");
    return names;
  }

  private static <T> void add(
      Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode) {
    CODECS.put(
        type,
        new PlaintextCodec<T>() {
          @Override
          public Class<T> type() {
            return type;
          }

          @Override
          public byte[] encode(T value) {
            return encode.apply(value);
          }

          @Override
          public T decode(byte[] bytes) {
            return decode.apply(bytes);
          }

          @Override
          public String toString() {
            return "PlaintextCodec[" + type.getSimpleName() + "]";
          }
        });
  }

  private static <T> void time(Class<T> type, DateTimeFormatter format, TemporalQuery<T> query) {
    DateTimeFormatter strict = format.withResolverStyle(ResolverStyle.STRICT);
    add(
        type,
        v ->
            format
                .format((java.time.temporal.TemporalAccessor) v)
                .getBytes(StandardCharsets.US_ASCII),
        b -> {
          try {
            return strict.parse(fromUtf8(b), query);
          } catch (DateTimeParseException e) {
            throw new MalformedPlaintextException(type.getSimpleName(), "not ISO-8601 text");
          }
        });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <E extends Enum<E>> PlaintextCodec<E> enumCodec(Class<? extends Enum> type) {
    Class<E> e = (Class<E>) type;
    return new PlaintextCodec<E>() {
      @Override
      public Class<E> type() {
        return e;
      }

      @Override
      public byte[] encode(E value) {
        return utf8(value.name());
      }

      @Override
      public E decode(byte[] bytes) {
        String name = fromUtf8(bytes);
        try {
          return Enum.valueOf(e, name);
        } catch (IllegalArgumentException x) {
          throw new MalformedPlaintextException(
              e.getSimpleName(), "no constant of that name: was one renamed or removed?");
        }
      }
    };
  }

  private static Class<?> box(Class<?> t) {
    if (!t.isPrimitive()) {
      return t;
    }
    return switch (t.getName()) {
      case "boolean" -> Boolean.class;
      case "byte" -> Byte.class;
      case "short" -> Short.class;
      case "char" -> Character.class;
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "float" -> Float.class;
      case "double" -> Double.class;
      default -> t;
    };
  }

  private static byte[] utf8(String s) {
    return utf8(CharBuffer.wrap(s));
  }

  private static byte[] utf8(char[] chars) {
    return utf8(CharBuffer.wrap(chars));
  }

  private static byte[] utf8(CharBuffer chars) {
    try {
      ByteBuffer b =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(chars);
      return Arrays.copyOf(b.array(), b.limit());
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException(
          "the value holds an unpaired UTF-16 surrogate, which has no UTF-8 form; fix the text");
    }
  }

  private static String fromUtf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedPlaintextException("text", "not UTF-8");
    }
  }

  private static ByteBuffer fixed(byte[] b, int length, String type) {
    if (b.length != length) {
      throw new MalformedPlaintextException(type, b.length + " bytes where its form has " + length);
    }
    return ByteBuffer.wrap(b);
  }

  private static Boolean bool(byte[] b) {
    byte v = fixed(b, 1, "Boolean").get();
    if (v != 0 && v != 1) {
      throw new MalformedPlaintextException("Boolean", "a byte other than 0 or 1");
    }
    return v == 1;
  }

  private static BigInteger bigInteger(byte[] b) {
    if (b.length == 0) {
      throw new MalformedPlaintextException("BigInteger", "no bytes");
    }
    return new BigInteger(b);
  }

  private static byte[] bigDecimal(BigDecimal v) {
    byte[] unscaled = v.unscaledValue().toByteArray();
    return ByteBuffer.allocate(4 + unscaled.length).putInt(v.scale()).put(unscaled).array();
  }

  private static BigDecimal bigDecimal(byte[] b) {
    if (b.length < 5) {
      throw new MalformedPlaintextException("BigDecimal", "shorter than a scale and one byte");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    int scale = buf.getInt();
    return new BigDecimal(new BigInteger(Arrays.copyOfRange(b, 4, b.length)), scale);
  }
}
