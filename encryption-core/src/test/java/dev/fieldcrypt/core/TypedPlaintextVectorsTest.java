package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The typed plaintext forms of docs/format.md, read from the document itself. */
class TypedPlaintextVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  enum Plan {
    FREE,
    PRO
  }

  private static Object parse(String type, String value) {
    Function<String, Object> f =
        switch (type) {
          case "Boolean" -> Boolean::valueOf;
          case "Short" -> Short::valueOf;
          case "Integer" -> Integer::valueOf;
          case "Long" -> Long::valueOf;
          case "Float" -> Float::valueOf;
          case "Double" -> Double::valueOf;
          case "Character" -> s -> s.charAt(0);
          case "BigInteger" -> BigInteger::new;
          case "BigDecimal" -> BigDecimal::new;
          case "UUID" -> UUID::fromString;
          case "LocalDate" -> LocalDate::parse;
          case "LocalTime" -> LocalTime::parse;
          case "LocalDateTime" -> LocalDateTime::parse;
          case "OffsetDateTime" -> OffsetDateTime::parse;
          case "ZonedDateTime" -> ZonedDateTime::parse;
          case "Instant" -> Instant::parse;
          case "String" -> s -> s;
          default -> throw new AssertionError("no parser for " + type);
        };
    return f.apply(value);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void docsVectors_encodeAndDecodeByteForByte() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```typed-vectors\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(block.find()).isTrue();
    int checked = 0;
    for (String line : block.group(1).split("\n")) {
      String[] cells = line.split(" \\| ");
      Object value = parse(cells[0], cells[1]);
      PlaintextCodec codec = PlaintextCodecs.forType(value.getClass());
      assertThat(codec).as(cells[0]).isNotNull();
      assertThat(HEX.formatHex(codec.encode(value))).as(line).isEqualTo(cells[2]);
      assertThat(codec.decode(HEX.parseHex(cells[2]))).as(line).isEqualTo(value);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(18);
  }

  @Test
  void roundTrips_throughTheCipher_andBadBytesFailClearly() {
    FieldCipher cipher = FieldCipher.create(Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    PlaintextCodec<Plan> plans = PlaintextCodecs.forType(Plan.class);
    String stored = cipher.encrypt(plans.encode(Plan.PRO), "users.plan");
    assertThat(plans.decode(cipher.decryptBytes(stored, "users.plan"))).isEqualTo(Plan.PRO);
    assertThat(PlaintextCodecs.forType(int.class).decode(new byte[] {0, 0, 1, 0})).isEqualTo(256);
    assertThat(PlaintextCodecs.forType(double.class).encode(Double.NaN))
        .isEqualTo(HEX.parseHex("7ff8000000000000"));
    assertThat(
            PlaintextCodecs.forType(char[].class)
                .decode("pässword".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("pässword".toCharArray());
    assertThat(PlaintextCodecs.forType(Object.class)).isNull();

    assertThatThrownBy(() -> PlaintextCodecs.forType(Integer.class).decode(new byte[] {1, 2}))
        .isInstanceOf(MalformedPlaintextException.class)
        .hasMessageContaining("not a valid Integer")
        .hasMessageContaining("2 bytes where its form has 4");
    assertThatThrownBy(() -> PlaintextCodecs.forType(Boolean.class).decode(new byte[] {2}))
        .hasMessageContaining("a byte other than 0 or 1");
    assertThatThrownBy(() -> plans.decode("BASIC".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("was one renamed or removed");
    assertThatThrownBy(
            () ->
                PlaintextCodecs.forType(LocalDate.class)
                    .decode("2024-02-30".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not ISO-8601");
    assertThatThrownBy(() -> PlaintextCodecs.forType(String.class).encode("a\uD800b"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unpaired");
    assertThatThrownBy(
            () -> PlaintextCodecs.forType(BigDecimal.class).decode(new byte[] {0, 0, 0, 1}))
        .hasMessageContaining("BigDecimal");
  }
}
