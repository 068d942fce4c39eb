package dev.fieldcrypt.jobs.hibernate;

import dev.fieldcrypt.hibernate.EncryptedBytesConverter;
import dev.fieldcrypt.hibernate.EncryptedSearch;
import dev.fieldcrypt.hibernate.EncryptedSecretStringConverter;
import dev.fieldcrypt.hibernate.EncryptedStringConverter;
import dev.fieldcrypt.hibernate.EncryptedValueConverter;
import dev.fieldcrypt.jobs.ReencryptJobException;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.type.descriptor.converter.spi.BasicValueConverter;
import org.hibernate.type.descriptor.converter.spi.JpaAttributeConverter;

/**
 * Builds a {@link ReencryptTarget} from a JPA entity class through Hibernate's runtime metamodel:
 * the table, the id column, the columns and, for each, the very context its {@code @Encrypted}
 * converter uses, so that a job and the application can never disagree. Only this class needs
 * Hibernate on the class path; the job engine itself is plain JDBC.
 *
 * <pre>{@code
 * ReencryptTarget users = HibernateTargets.of(sessionFactory, User.class);            // all @Encrypted
 * ReencryptTarget otp = HibernateTargets.of(sessionFactory, User.class, "otpSecret");
 * }</pre>
 *
 * <p>An attribute with a {@code @SearchIndex} brings its index column ({@link
 * ReencryptTarget#searchIndex}): the job rewrites the index with the value and backfills missing
 * ones.
 */
public final class HibernateTargets {
  private HibernateTargets() {}

  /**
   * The target of {@code entity}'s {@code @Encrypted} attributes named in {@code attributes}, or
   * all of them when none is named.
   *
   * @throws ReencryptJobException when the entity is unknown, an attribute is not
   *     {@code @Encrypted}, the attributes live in different tables, or the id is composite
   */
  public static ReencryptTarget of(
      SessionFactory sessionFactory, Class<?> entity, String... attributes) {
    EntityMappingType type;
    try {
      type =
          sessionFactory
              .unwrap(SessionFactoryImplementor.class)
              .getMappingMetamodel()
              .getEntityDescriptor(entity);
    } catch (RuntimeException e) {
      throw new ReencryptJobException(
          entity.getName() + " is not an entity of this SessionFactory.", e);
    }
    EntityIdentifierMapping id = type.getIdentifierMapping();
    if (!(id instanceof BasicValuedModelPart idPart)) {
      throw new ReencryptJobException(
          entity.getName()
              + " has a composite id; re-encryption jobs page"
              + " through single-column keys only.");
    }
    List<String> wanted = Arrays.asList(attributes);
    List<String> found = new ArrayList<>();
    String table = null;
    ReencryptTarget target = null;
    for (int i = 0; i < type.getAttributeMappings().size(); i++) {
      AttributeMapping am = type.getAttributeMappings().get(i);
      String name = am.getAttributeName();
      String context = am instanceof BasicValuedModelPart part ? contextOf(part) : null;
      if (!wanted.isEmpty() && !wanted.contains(name)) {
        continue;
      }
      if (context == null) {
        if (!wanted.isEmpty()) {
          throw new ReencryptJobException(
              entity.getSimpleName() + "." + name + " is not an @Encrypted attribute.");
        }
        continue;
      }
      BasicValuedModelPart part = (BasicValuedModelPart) am;
      if (table == null) {
        table = part.getContainingTableExpression();
        target = ReencryptTarget.of(table, idPart.getSelectionExpression());
      } else if (!table.equals(part.getContainingTableExpression())) {
        throw new ReencryptJobException(
            entity.getSimpleName()
                + "."
                + name
                + " lives in table "
                + part.getContainingTableExpression()
                + ", not "
                + table
                + "; make one target per table.");
      }
      target = target.column(part.getSelectionExpression(), context);
      found.add(name);
    }
    for (String w : wanted) {
      if (!found.contains(w)) {
        throw new ReencryptJobException(
            entity.getSimpleName() + " has no attribute named " + w + ".");
      }
    }
    if (target == null) {
      throw new ReencryptJobException(entity.getSimpleName() + " has no @Encrypted attribute.");
    }
    // A searchable attribute's index is rewritten with its value, in the same compare-and-set.
    for (EncryptedSearch.Searchable s :
        EncryptedSearch.searchableAttributes(sessionFactory, entity)) {
      if (!found.contains(s.attribute())) {
        continue;
      }
      AttributeMapping value = type.findAttributeMapping(s.attribute());
      AttributeMapping index = type.findAttributeMapping(s.indexAttribute());
      if (value instanceof BasicValuedModelPart v
          && index instanceof BasicValuedModelPart i
          && i.getContainingTableExpression().equals(table)) {
        target =
            target.searchIndex(v.getSelectionExpression(), i.getSelectionExpression(), s.index());
      } else {
        throw new ReencryptJobException(
            entity.getSimpleName()
                + "."
                + s.indexAttribute()
                + " (the search index of "
                + s.attribute()
                + ") must be a basic attribute in table "
                + table
                + ".");
      }
    }
    return target;
  }

  /**
   * The targets of every entity of {@code sessionFactory} with {@code @Encrypted} attributes, one
   * per table (entities sharing a table, as single-table inheritance does, share its target), in
   * entity-name order: what to re-encrypt after a rotation.
   *
   * @throws ReencryptJobException when an entity keeps encrypted attributes in several tables, or
   *     has a composite id
   */
  public static List<ReencryptTarget> all(SessionFactory sessionFactory) {
    java.util.Map<String, ReencryptTarget> byKey = new java.util.LinkedHashMap<>();
    List<EntityMappingType> entities = new ArrayList<>();
    sessionFactory
        .unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .forEachEntityDescriptor(entities::add);
    entities.sort(java.util.Comparator.comparing(EntityMappingType::getEntityName));
    for (EntityMappingType type : entities) {
      boolean encrypted = false;
      for (int i = 0; i < type.getAttributeMappings().size(); i++) {
        if (type.getAttributeMappings().get(i) instanceof BasicValuedModelPart part
            && contextOf(part) != null) {
          encrypted = true;
          break;
        }
      }
      Class<?> javaType = type.getJavaType().getJavaTypeClass();
      if (encrypted && javaType != null && javaType != java.util.Map.class) {
        ReencryptTarget t = of(sessionFactory, javaType);
        byKey.putIfAbsent(t.key(), t);
      }
    }
    return List.copyOf(byKey.values());
  }

  private static String contextOf(BasicValuedModelPart part) {
    BasicValueConverter<?, ?> converter = part.getJdbcMapping().getValueConverter();
    if (converter instanceof JpaAttributeConverter<?, ?> jpa) {
      Object instance = jpa.getConverterBean().getBeanInstance();
      if (instance instanceof EncryptedStringConverter s) {
        return s.context();
      }
      if (instance instanceof EncryptedBytesConverter b) {
        return b.context();
      }
      if (instance instanceof EncryptedValueConverter<?> v) {
        return v.context();
      }
      if (instance instanceof EncryptedSecretStringConverter v) {
        return v.context();
      }
    }
    return null;
  }
}
