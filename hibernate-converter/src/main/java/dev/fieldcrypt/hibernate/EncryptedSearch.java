package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.hibernate.internal.SearchIndexes;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
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
    CriteriaBuilder cb = session.getCriteriaBuilder();
    CriteriaQuery<T> q = cb.createQuery(type);
    Root<T> root = q.from(type);
    q.select(root).where(root.get(indexed.indexAttribute()).in(indexValues));
    List<T> candidates = session.createQuery(q).getResultList();
    EntityPersister persister = persister(session.getSessionFactory(), type);
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
