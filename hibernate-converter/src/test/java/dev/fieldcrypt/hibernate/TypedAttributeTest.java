package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @Encrypted} on every typed-plaintext type: round trips, raw columns, nulls, queries. */
class TypedAttributeTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final List<SessionFactory> open = new ArrayList<>();

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("typed")));
  }

  @AfterEach
  void close() {
    open.forEach(SessionFactory::close);
  }

  private SessionFactory sf(TestDatabase db) {
    SessionFactory sf =
        Sessions.build(
            db, Map.of(FieldcryptSettings.KEYRING, Keyring.of("v1", List.of(v1))), Person.class);
    open.add(sf);
    return sf;
  }

  private static Person full() {
    Person p = new Person();
    p.id = 1L;
    p.age = -42;
    p.visits = 1234567890123L;
    p.floor = (short) 7;
    p.initial = 'é';
    p.score = 0.1;
    p.ratio = 1.5f;
    p.bigNumber = new BigInteger("-123456789012345678901234567890");
    p.salary = new BigDecimal("12345.6700");
    p.externalId = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    p.birthDate = LocalDate.of(1990, 2, 28);
    p.wakeUp = LocalTime.of(6, 30, 0, 5000);
    p.lastSeen = LocalDateTime.of(2026, 12, 4, 21, 40, 1);
    p.signedUp = OffsetDateTime.of(2024, 2, 29, 10, 15, 30, 0, ZoneOffset.ofHours(-3));
    p.meeting = ZonedDateTime.parse("2024-10-27T02:30+01:00[Europe/Paris]");
    p.verifiedAt = Instant.parse("2024-02-29T10:15:30.120Z");
    p.pin = "4711".toCharArray();
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void everyType_roundTrips_andTheColumnsHoldCiphertext(String name, TestDatabase db)
      throws SQLException {
    db.execute("DROP TABLE IF EXISTS people");
    SessionFactory sf = sf(db);
    Person written = full();
    sf.inTransaction(s -> s.persist(written));
    Person read = sf.fromTransaction(s -> s.find(Person.class, 1L));
    assertThat(read).usingRecursiveComparison().ignoringFields("pin").isEqualTo(written);
    assertThat(read.pin).containsExactly("4711".toCharArray());
    assertThat(read.meeting.getOffset()).isEqualTo(ZoneOffset.ofHours(1)); // the DST overlap kept
    assertThat(read.salary.scale()).isEqualTo(4);

    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT age, birth_date, salary, meeting FROM people")) {
      assertThat(rs.next()).isTrue();
      for (int i = 1; i <= 4; i++) {
        assertThat(rs.getString(i)).startsWith("v1:");
      }
    }

    Person none = new Person();
    none.id = 2L;
    sf.inTransaction(s -> s.persist(none));
    Person empty = sf.fromTransaction(s -> s.find(Person.class, 2L));
    assertThat(empty.age).isNull();
    assertThat(empty.birthDate).isNull();
    assertThat(empty.visits).isZero(); // a primitive stores 0, encrypted
  }

  @jakarta.persistence.Entity
  @jakarta.persistence.Table(name = "flags")
  static class Flagged {
    @jakarta.persistence.Id Long id;
    @Encrypted Boolean flag;
  }

  @jakarta.persistence.Entity
  @jakarta.persistence.Table(name = "bad_keys")
  static class EncryptedVersion {
    @jakarta.persistence.Id Long id;
    @Encrypted @jakarta.persistence.Version Integer version;
  }

  @jakarta.persistence.Entity
  @jakarta.persistence.Table(name = "bad_keys")
  static class EncryptedNaturalId {
    @jakarta.persistence.Id Long id;
    @Encrypted @org.hibernate.annotations.NaturalId String code;
  }

  @jakarta.persistence.Entity
  @jakarta.persistence.Table(name = "bad_keys")
  static class EncryptedId {
    @Encrypted @jakarta.persistence.Id String id;
  }

  @jakarta.persistence.Entity
  @jakarta.persistence.Table(name = "documents")
  static class Document {
    @jakarta.persistence.Id Long id;
    @Encrypted @jakarta.persistence.Lob String body;
    @Encrypted @jakarta.persistence.Lob byte[] scan;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void lobAttributes_holdLargeValues_withoutALengthOfTheirOwn(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS documents");
    SessionFactory sf =
        Sessions.build(
            db, Map.of(FieldcryptSettings.KEYRING, Keyring.of("v1", List.of(v1))), Document.class);
    open.add(sf);
    Document d = new Document();
    d.id = 1L;
    d.body = "lorem ipsum ".repeat(800); // 9.6 KB: far past 255
    d.scan = new byte[20_000];
    new java.util.Random(1).nextBytes(d.scan);
    sf.inTransaction(s -> s.persist(d));
    Document read = sf.fromTransaction(s -> s.find(Document.class, 1L));
    assertThat(read.body).isEqualTo(d.body);
    assertThat(read.scan).isEqualTo(d.scan);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void encryptedIdVersionOrNaturalId_isRefusedClearly(String name, TestDatabase db) {
    Map<String, Object> k = Map.of(FieldcryptSettings.KEYRING, Keyring.of("v1", List.of(v1)));
    assertThatThrownBy(() -> Sessions.build(db, k, EncryptedVersion.class))
        .hasStackTraceContaining("EncryptedVersion.version, the @Version");
    assertThatThrownBy(() -> Sessions.build(db, k, EncryptedNaturalId.class))
        .hasStackTraceContaining("EncryptedNaturalId.code, a @NaturalId")
        .hasStackTraceContaining("@SearchIndex");
    assertThatThrownBy(() -> Sessions.build(db, k, EncryptedId.class))
        .hasStackTraceContaining("EncryptedId.id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void booleanAttributes_areRefusedClearly(String name, TestDatabase db) {
    assertThatThrownBy(
            () ->
                Sessions.build(
                    db,
                    Map.of(FieldcryptSettings.KEYRING, Keyring.of("v1", List.of(v1))),
                    Flagged.class))
        .hasStackTraceContaining("Flagged.flag of type java.lang.Boolean")
        .hasStackTraceContaining("Boolean and enum attributes are not encrypted yet");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void equalityOnAnEncryptedTypedAttribute_failsLoudly(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS people");
    SessionFactory sf = sf(db);
    assertThatThrownBy(
            () ->
                sf.inTransaction(
                    s ->
                        s.createSelectionQuery("from Person p where p.age = :a", Person.class)
                            .setParameter("a", 42)
                            .getResultList()))
        .hasStackTraceContaining("which has no search index");
  }
}
