package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.hibernate.internal.SearchIndexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Equality lookups on searchable encrypted attributes (those a {@link SearchIndex} attribute
 * indexes): the rows whose value equals the searched one after the index's normalization, under any
 * version of the keyring, so a lookup finds every row before, during and after a rotation and its
 * re-encryption job. False positives of a truncated index are read, decrypted and dropped here: the
 * caller never sees a row whose value differs.
 *
 * <pre>{@code
 * List<User> users = EncryptedSearch.find(session, User.class, "email", "Alice@Example.com");
 * Optional<User> one = EncryptedSearch.findOne(session, User.class, "email", "alice@example.com");
 * }</pre>
 */
public final class EncryptedSearch {
  private EncryptedSearch() {}

  /**
   * The entities of {@code type} whose {@code attribute} equals {@code value} (after
   * normalization); empty for a null value.
   *
   * @throws FieldcryptException when {@code attribute} is not searchable, naming the fix
   */
  public static <T> List<T> find(Session session, Class<T> type, String attribute, String value) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(type, "type");
    SearchIndexes.Indexed indexed = indexed(session.getSessionFactory(), type, attribute);
    if (value == null) {
      return List.of();
    }
    List<String> indexValues = indexes(session.getSessionFactory(), indexed, value);
    EntityPersister persister = persister(session.getSessionFactory(), type);
    // An HQL string of single-valued equalities, not a criteria query or an IN list: Hibernate
    // caches the translation of such a string (an IN parameter may be bound to a list, so its
    // translation is redone for every execution), so a lookup costs what a plain one does.
    StringBuilder hql =
        new StringBuilder("from ").append(persister.getEntityName()).append(" e where ");
    for (int i = 0; i < indexValues.size(); i++) {
      hql.append(i == 0 ? "" : " or ")
          .append("e.")
          .append(indexed.indexAttribute())
          .append(" = :i")
          .append(i);
    }
    org.hibernate.query.SelectionQuery<T> query =
        session.createSelectionQuery(hql.toString(), type);
    for (int i = 0; i < indexValues.size(); i++) {
      query.setParameter("i" + i, indexValues.get(i));
    }
    List<T> candidates = query.getResultList();
    String wanted = indexed.spec().normalize(value);
    List<T> out = new ArrayList<>(candidates.size());
    for (T candidate : candidates) {
      Object v = persister.getPropertyValue(candidate, attribute);
      if (v instanceof String s && indexed.spec().normalize(s).equals(wanted)) {
        out.add(candidate);
      }
    }
    return out;
  }

  /**
   * The one entity of {@code type} whose {@code attribute} equals {@code value}, if any.
   *
   * @throws FieldcryptException when more than one matches (say which attribute), or {@code
   *     attribute} is not searchable
   */
  public static <T> Optional<T> findOne(
      Session session, Class<T> type, String attribute, String value) {
    List<T> found = find(session, type, attribute, value);
    if (found.size() > 1) {
      throw new FieldcryptException(
          found.size()
              + " "
              + type.getSimpleName()
              + " rows have this "
              + attribute
              + "; use find(...) for all, or make the index unique.");
    }
    return found.stream().findFirst();
  }

  /**
   * The index values an equality lookup of {@code value} matches, one per keyring version (the
   * active one first): for a query of your own ({@code where u.emailIndex in :indexes}). Rows they
   * return may include false positives when the index is truncated.
   *
   * @throws FieldcryptException when {@code attribute} is not searchable
   */
  public static List<String> indexValues(
      SessionFactory sessionFactory, Class<?> type, String attribute, String value) {
    return indexes(sessionFactory, indexed(sessionFactory, type, attribute), value);
  }

  /**
   * A searchable attribute: the encrypted attribute, the attribute holding its index, the context
   * both are computed under, and the index definition. What job targets read to rewrite the index.
   *
   * @param attribute the {@link Encrypted} attribute
   * @param indexAttribute its {@link SearchIndex} attribute
   * @param context the encrypted attribute's context, which its index uses too
   * @param index the bits and normalization
   */
  public record Searchable(
      String attribute,
      String indexAttribute,
      String context,
      dev.fieldcrypt.core.BlindIndex index) {}

  /** The searchable attributes of {@code type} (its inherited ones included); empty when none. */
  public static List<Searchable> searchableAttributes(
      SessionFactory sessionFactory, Class<?> type) {
    String entity = persister(sessionFactory, type).getEntityName();
    return SearchIndexes.of(sessionFactory).map(i -> i.of(entity)).orElse(List.of()).stream()
        .map(i -> new Searchable(i.attribute(), i.indexAttribute(), i.context(), i.spec()))
        .toList();
  }

  private static List<String> indexes(
      SessionFactory sf, SearchIndexes.Indexed indexed, String value) {
    return SearchIndexes.of(sf)
        .orElseThrow()
        .cipher()
        .blindIndexes(value, indexed.context(), indexed.spec());
  }

  private static SearchIndexes.Indexed indexed(SessionFactory sf, Class<?> type, String attr) {
    String entity = persister(sf, type).getEntityName();
    return SearchIndexes.of(sf)
        .flatMap(i -> i.find(entity, attr))
        .orElseThrow(
            () ->
                new FieldcryptException(
                    entity
                        + "."
                        + attr
                        + " is not searchable: add a String attribute @SearchIndex(of = \""
                        + attr
                        + "\") with its column (length 80) to "
                        + type.getSimpleName()
                        + ", then backfill it with a re-encryption job (see"
                        + " docs/searchable-fields.md)."));
  }

  private static EntityPersister persister(SessionFactory sf, Class<?> type) {
    return sf.unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .getEntityDescriptor(type);
  }
}
