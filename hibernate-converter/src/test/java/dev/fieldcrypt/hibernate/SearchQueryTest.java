package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.testing.TestDatabase;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HQL, JPQL and Criteria equality on searchable encrypted attributes, rewritten to their search
 * index by fieldcrypt's query translator; and the queries that cannot work, refused.
 */
class SearchQueryTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final List<SessionFactory> open = new ArrayList<>();
  private final List<String> sql = new CopyOnWriteArrayList<>();

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("searchq")));
  }

  @AfterEach
  void close() {
    open.forEach(SessionFactory::close);
  }

  private SessionFactory sf(TestDatabase db, Keyring keyring) {
    StatementInspector inspector =
        s -> {
          sql.add(s);
          return s;
        };
    SessionFactory sf =
        Sessions.build(
            db,
            Map.of(
                FieldcryptSettings.KEYRING,
                keyring,
                "hibernate.session_factory.statement_inspector",
                inspector),
            Member.class);
    open.add(sf);
    return sf;
  }

  private static List<Long> ids(SessionFactory sf, String hql, Object value) {
    return sf.fromTransaction(
        s ->
            s
                .createSelectionQuery(hql, Member.class)
                .setParameter("v", value)
                .getResultList()
                .stream()
                .map(m -> m.id)
                .sorted()
                .toList());
  }

  private void seed(SessionFactory sf) {
    sf.inTransaction(
        s -> {
          s.persist(new Member(1L, "Alice@Example.com", "111"));
          s.persist(new Member(2L, "bob@example.com", "222"));
          s.persist(new Member(3L, "carol@example.com", "333"));
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void hqlAndCriteriaEquality_findTheRow_throughItsIndex(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory sf = sf(db, Keyring.of("v1", List.of(v1)));
    seed(sf);

    sql.clear();
    assertThat(ids(sf, "from Member m where m.email = :v", " ALICE@example.com"))
        .containsExactly(1L);
    assertThat(sql).anySatisfy(s -> assertThat(s).contains("email_bidx in (?,?)"));
    assertThat(sql).noneSatisfy(s -> assertThat(s).contains("alice"));
    // the same query string, another value: the cached plan carries no value
    assertThat(ids(sf, "from Member m where m.email = :v", "bob@example.com")).containsExactly(2L);
    assertThat(ids(sf, "from Member m where :v = m.email", "carol@example.com"))
        .containsExactly(3L);
    assertThat(ids(sf, "from Member m where m.email <> :v", "bob@example.com"))
        .containsExactly(1L, 3L);
    assertThat(
            ids(
                sf,
                "from Member m where m.email in :v",
                List.of("bob@example.com", "carol@example.com")))
        .containsExactly(2L, 3L);
    assertThat(ids(sf, "from Member m where m.email = :v or m.id = 3", "bob@example.com"))
        .containsExactly(2L, 3L);
    int literal =
        sf.fromTransaction(
            s ->
                s.createSelectionQuery(
                        "from Member m where m.email = 'bob@example.com'", Member.class)
                    .getResultList()
                    .size());
    assertThat(literal).isEqualTo(1);

    List<Long> criteria =
        sf.fromTransaction(
            s -> {
              CriteriaBuilder cb = s.getCriteriaBuilder();
              CriteriaQuery<Member> q = cb.createQuery(Member.class);
              Root<Member> root = q.from(Member.class);
              q.select(root).where(cb.equal(root.get("email"), "alice@example.com"));
              return s.createQuery(q).getResultList().stream().map(m -> m.id).toList();
            });
    assertThat(criteria).containsExactly(1L);

    // the select clause, is null and updates by the index keep working
    String selected =
        sf.fromTransaction(
            s ->
                s.createSelectionQuery("select m.email from Member m where m.id = 2", String.class)
                    .getSingleResult());
    assertThat(selected).isEqualTo("bob@example.com");
    assertThat(ids(sf, "from Member m where m.email is not null and m.id <> :v", 1L))
        .containsExactly(2L, 3L);
    int updated =
        sf.fromTransaction(
            s ->
                s.createMutationQuery("update Member m set m.nickname = 'b' where m.email = :v")
                    .setParameter("v", "BOB@example.com")
                    .executeUpdate());
    assertThat(updated).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void duringARotation_hqlFindsRowsUnderEitherVersion(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory before = sf(db, Keyring.of("v1", List.of(v1)));
    seed(before);
    before.close();
    SessionFactory during = sf(db, Keyring.of("v2", List.of(v1, v2)));
    during.inTransaction(s -> s.persist(new Member(4L, "dave@example.com", null)));
    assertThat(ids(during, "from Member m where m.email = :v", "alice@example.com"))
        .containsExactly(1L);
    assertThat(ids(during, "from Member m where m.email = :v", "dave@example.com"))
        .containsExactly(4L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void queriesThatCannotWork_failLoudly_namingTheAttributeAndTheFix(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS members");
    SessionFactory sf = sf(db, Keyring.of("v1", List.of(v1)));
    seed(sf);
    assertThatThrownBy(() -> ids(sf, "from Member m where m.notes = :v", "x"))
        .hasStackTraceContaining("members.notes, which has no search index")
        .hasStackTraceContaining("@SearchIndex");
    assertThatThrownBy(() -> ids(sf, "from Member m where m.taxId = :v", "111"))
        .hasStackTraceContaining("Member.taxId has a truncated search index (8 bits)")
        .hasStackTraceContaining("EncryptedSearch.find");
    assertThatThrownBy(() -> ids(sf, "from Member m where m.email like :v", "a%"))
        .hasStackTraceContaining("only =, <>, [not] in and is [not] null");
    assertThatThrownBy(() -> ids(sf, "from Member m where m.id > :v order by m.email", 0L))
        .hasStackTraceContaining("on the encrypted column members.email");
    assertThatThrownBy(() -> ids(sf, "from Member m where lower(m.email) = :v", "x"))
        .hasStackTraceContaining("on the encrypted column members.email");
  }
}
