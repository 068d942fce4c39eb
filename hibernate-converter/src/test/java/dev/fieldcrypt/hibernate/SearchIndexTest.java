package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.testing.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SearchIndex} attributes: filled by fieldcrypt, found by {@link EncryptedSearch}. */
class SearchIndexTest {
  private static final BlindIndex EMAIL =
      BlindIndex.exact(Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE);
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final List<SessionFactory> open = new ArrayList<>();

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("search")));
  }

  @AfterEach
  void close() {
    open.forEach(SessionFactory::close);
  }

  private SessionFactory sf(TestDatabase db, Keyring keyring, Class<?>... entities) {
    SessionFactory sf = Sessions.build(db, Map.of(FieldcryptSettings.KEYRING, keyring), entities);
    open.add(sf);
    return sf;
  }

  private static List<Member> find(SessionFactory sf, String attribute, String value) {
    return sf.fromTransaction(s -> EncryptedSearch.find(s, Member.class, attribute, value));
  }

  private static java.util.Optional<Member> findOne(
      SessionFactory sf, String attribute, String value) {
    return sf.fromTransaction(s -> EncryptedSearch.findOne(s, Member.class, attribute, value));
  }

  private static String raw(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "(no row)";
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void insertAndUpdate_fillTheIndex_lookupsNormalize(String name, TestDatabase db)
      throws SQLException {
    db.execute("DROP TABLE IF EXISTS members");
    Keyring keyring = Keyring.of("v1", List.of(v1));
    SessionFactory sf = sf(db, keyring, Member.class);
    sf.inTransaction(s -> s.persist(new Member(1L, " Alice@Example.COM", "123.456.789-09")));
    sf.inTransaction(s -> s.persist(new Member(2L, "bob@example.com", null)));

    FieldCipher cipher = FieldCipher.create(keyring);
    String index = raw(db, "SELECT email_bidx FROM members WHERE id = 1");
    assertThat(index).isEqualTo(cipher.blindIndex("alice@example.com", "members.email", EMAIL));
    assertThat(raw(db, "SELECT email FROM members WHERE id = 1")).startsWith("v1:");
    assertThat(raw(db, "SELECT tax_id_bidx FROM members WHERE id = 2")).isNull();

    List<Member> found = find(sf, "email", "alice@EXAMPLE.com ");
    assertThat(found).extracting(m -> m.id).containsExactly(1L);
    assertThat(found.get(0).email).isEqualTo(" Alice@Example.COM"); // stored as written
    assertThat(findOne(sf, "taxId", "12345678909")).get().extracting(m -> m.id).isEqualTo(1L);
    assertThat(find(sf, "email", "carol@x")).isEmpty();

    // an update of another attribute keeps the index; a new e-mail gets a new one
    sf.inTransaction(s -> s.find(Member.class, 1L).nickname = "al");
    assertThat(raw(db, "SELECT email_bidx FROM members WHERE id = 1")).isEqualTo(index);
    sf.inTransaction(s -> s.find(Member.class, 1L).email = "alice@new.example");
    assertThat(raw(db, "SELECT email_bidx FROM members WHERE id = 1"))
        .isEqualTo(cipher.blindIndex("alice@new.example", "members.email", EMAIL));
    assertThat(find(sf, "email", "alice@example.com")).isEmpty();
    sf.inTransaction(s -> s.find(Member.class, 1L).email = null);
    assertThat(raw(db, "SELECT email_bidx FROM members WHERE id = 1")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void lookups_findRowsUnderEveryVersion_duringARotation(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory before = sf(db, Keyring.of("v1", List.of(v1)), Member.class);
    before.inTransaction(s -> s.persist(new Member(1L, "old@example.com", null)));
    before.close();

    SessionFactory after = sf(db, Keyring.of("v2", List.of(v1, v2)), Member.class);
    after.inTransaction(s -> s.persist(new Member(2L, "new@example.com", null)));
    assertThat(find(after, "email", "old@example.com")).extracting(m -> m.id).containsExactly(1L);
    assertThat(find(after, "email", "NEW@example.com")).extracting(m -> m.id).containsExactly(2L);
    assertThat(EncryptedSearch.indexValues(after, Member.class, "email", "x@y"))
        .hasSize(2)
        .allSatisfy(i -> assertThat(BlindIndex.versionOf(i)).isIn("v1", "v2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void truncatedIndex_falsePositivesAreDropped_uniqueExactIndexRefusesADuplicate(
      String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory sf = sf(db, Keyring.of("v1", List.of(v1)), Member.class);
    sf.inTransaction(
        s -> {
          for (long i = 1; i <= 600; i++) {
            s.persist(new Member(i, "m" + i + "@example.com", String.format("%011d", i)));
          }
        });
    // 8 bits: 600 values in 256 index values, so some share one (pigeonhole); look one of those
    // up. A fixed value had no other row on its index in about 1 run in 10 (random keys).
    Map<String, List<Long>> byIndex = new HashMap<>();
    for (long i = 1; i <= 600; i++) {
      String index =
          EncryptedSearch.indexValues(sf, Member.class, "taxId", String.format("%011d", i)).get(0);
      byIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(i);
    }
    long wantedId =
        byIndex.values().stream().filter(ids -> ids.size() > 1).findFirst().orElseThrow().get(0);
    String wanted = String.format("%011d", wantedId);
    List<String> idx = EncryptedSearch.indexValues(sf, Member.class, "taxId", wanted);
    long sharing =
        sf.fromTransaction(
            s ->
                s.createQuery("select count(m) from Member m where m.taxIdIndex in :i", Long.class)
                    .setParameter("i", idx)
                    .getSingleResult());
    assertThat(sharing).isGreaterThan(1);
    assertThat(find(sf, "taxId", wanted)).extracting(m -> m.id).containsExactly(wantedId);

    assertThatThrownBy(
            () -> sf.inTransaction(s -> s.persist(new Member(1000L, " M7@EXAMPLE.com", null))))
        .isInstanceOf(jakarta.persistence.PersistenceException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void notSearchable_failsLoudly_namingTheFix(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory sf = sf(db, Keyring.of("v1", List.of(v1)), Member.class);
    assertThatThrownBy(
            () -> sf.inTransaction(s -> EncryptedSearch.find(s, Member.class, "notes", "x")))
        .isInstanceOf(FieldcryptException.class)
        .hasMessageContaining("Member.notes is not searchable")
        .hasMessageContaining("@SearchIndex(of = \"notes\")");
  }

  @Entity
  @Table(name = "bad_search")
  static class OfNothing {
    @Id Long id;

    @SearchIndex(of = "nope")
    @Column(length = 80)
    String idx;
  }

  @Entity
  @Table(name = "bad_search")
  static class OfPlaintext {
    @Id Long id;
    String email;

    @SearchIndex(of = "email")
    @Column(length = 80)
    String idx;
  }

  @Entity
  @Table(name = "bad_search")
  static class UniqueTruncated {
    @Id Long id;

    @Encrypted
    @Column(length = 300)
    String email;

    @SearchIndex(of = "email", bits = 32)
    @Column(length = 80, unique = true)
    String idx;
  }

  @Entity
  @Table(name = "bad_search")
  static class TooShort {
    @Id Long id;

    @Encrypted
    @Column(length = 300)
    String email;

    @SearchIndex(of = "email")
    @Column(length = 40)
    String idx;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void badDeclarations_failTheBuild_namingTheAttributeAndTheFix(String name, TestDatabase db) {
    Keyring k = Keyring.of("v1", List.of(v1));
    // OfNothing and OfPlaintext carry no @Encrypted: pair each with Member so that a keyring loads
    assertThatThrownBy(() -> sf(db, k, Member.class, OfNothing.class))
        .hasStackTraceContaining("names no attribute");
    assertThatThrownBy(() -> sf(db, k, Member.class, OfPlaintext.class))
        .hasStackTraceContaining("is not @Encrypted");
    assertThatThrownBy(() -> sf(db, k, UniqueTruncated.class))
        .hasStackTraceContaining("a unique index must be exact");
    assertThatThrownBy(() -> sf(db, k, TooShort.class))
        .hasStackTraceContaining("declare @Column(length = 80)");
  }
}
