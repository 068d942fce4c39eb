package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SearchIndex;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.hibernate.MappingException;
import org.hibernate.SessionFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.SimpleValue;

/**
 * The searchable attributes of one SessionFactory: each {@link SearchIndex} attribute, the {@link
 * Encrypted} attribute it indexes, their columns, the context and the index definition, read and
 * checked once from the boot metadata (a mistake fails the SessionFactory's build, naming the
 * attribute and the fix). Used by the listener that fills the indexes, by {@code EncryptedSearch}
 * and by the job targets. Not API.
 */
public final class SearchIndexes {
  private static final Map<SessionFactory, SearchIndexes> BY_FACTORY = new WeakHashMap<>();

  /**
   * One searchable attribute.
   *
   * @param entityName the entity (a subclass lists the attributes it inherits too)
   * @param attribute the encrypted attribute
   * @param indexAttribute the attribute holding its index
   * @param table the table of both columns
   * @param column the encrypted column
   * @param indexColumn the index column
   * @param context the encrypted attribute's context, which its index uses too
   * @param spec bits and normalization
   */
  public record Indexed(
      String entityName,
      String attribute,
      String indexAttribute,
      String table,
      String column,
      String indexColumn,
      String context,
      BlindIndex spec) {}

  private final FieldCipher cipher;
  private final Map<String, List<Indexed>> byEntity;

  private SearchIndexes(FieldCipher cipher, Map<String, List<Indexed>> byEntity) {
    this.cipher = cipher;
    this.byEntity = byEntity;
  }

  /** The searchable attributes of {@code sessionFactory}, if it has any. */
  public static synchronized Optional<SearchIndexes> of(SessionFactory sessionFactory) {
    return Optional.ofNullable(BY_FACTORY.get(sessionFactory));
  }

  static synchronized void register(SessionFactory sessionFactory, SearchIndexes indexes) {
    BY_FACTORY.put(sessionFactory, indexes);
  }

  static synchronized void unregister(SessionFactory sessionFactory) {
    BY_FACTORY.remove(sessionFactory);
  }

  /** The cipher of the factory's encrypted attributes. */
  public FieldCipher cipher() {
    return cipher;
  }

  /** The searchable attributes of entity {@code entityName} (its inherited ones included). */
  public List<Indexed> of(String entityName) {
    return byEntity.getOrDefault(entityName, List.of());
  }

  /** The searchable attribute {@code attribute} of {@code entityName}, if it is one. */
  public Optional<Indexed> find(String entityName, String attribute) {
    return of(entityName).stream().filter(i -> i.attribute().equals(attribute)).findFirst();
  }

  /** Every searchable attribute, per entity. */
  public Map<String, List<Indexed>> all() {
    return byEntity;
  }

  /**
   * Reads the {@link SearchIndex} attributes of {@code metadata}; null when there is none.
   *
   * @throws MappingException naming the attribute, when one is declared wrong
   */
  static SearchIndexes read(Metadata metadata, BootstrapContext bootstrap) {
    Map<String, List<Indexed>> byEntity = new HashMap<>();
    for (PersistentClass pc : metadata.getEntityBindings()) {
      List<Indexed> found = new ArrayList<>();
      for (Property p : pc.getPropertyClosure()) {
        AnnotatedElement member = AttributeTypes.member(pc, p.getName());
        SearchIndex ann = member == null ? null : member.getAnnotation(SearchIndex.class);
        if (ann != null) {
          found.add(indexed(pc, p, member, ann, bootstrap));
        }
      }
      if (!found.isEmpty()) {
        if (pc.useDynamicUpdate()) {
          // Hibernate picks a dynamic update's columns before the listener fills the index: the
          // index would stay as it was while the value changes.
          throw new MappingException(
              "@SearchIndex on "
                  + pc.getEntityName()
                  + "."
                  + found.get(0).indexAttribute()
                  + ": the entity uses @DynamicUpdate, whose updates would leave the search index"
                  + " stale; remove @DynamicUpdate from "
                  + pc.getEntityName()
                  + " (searchable entities are updated whole).");
        }
        checkOnePerAttribute(pc, found);
        byEntity.put(pc.getEntityName(), List.copyOf(found));
      }
    }
    if (byEntity.isEmpty()) {
      return null;
    }
    FieldCipher cipher = CipherResolver.cipherOf(bootstrap);
    if (cipher == null) {
      throw new MappingException(
          "@SearchIndex attributes found, but no @Encrypted attribute was bound with a keyring");
    }
    return new SearchIndexes(cipher, Map.copyOf(byEntity));
  }

  private static Indexed indexed(
      PersistentClass pc,
      Property indexProperty,
      AnnotatedElement indexMember,
      SearchIndex ann,
      BootstrapContext bootstrap) {
    String where = "@SearchIndex on " + pc.getEntityName() + "." + indexProperty.getName();
    Property source = findProperty(pc, ann.of());
    if (source == null) {
      throw new MappingException(
          where
              + ": of = \""
              + ann.of()
              + "\" names no attribute of "
              + pc.getEntityName()
              + "; name the @Encrypted String attribute this index makes searchable.");
    }
    AnnotatedElement sourceMember = AttributeTypes.member(pc, source.getName());
    if (sourceMember == null || sourceMember.getAnnotation(Encrypted.class) == null) {
      throw new MappingException(
          where
              + ": "
              + pc.getEntityName()
              + "."
              + ann.of()
              + " is not @Encrypted; a blind index belongs to an encrypted attribute (a plaintext"
              + " column is searchable as it is).");
    }
    if (typeOf(sourceMember) != String.class) {
      throw new MappingException(
          where + ": " + ann.of() + " is not a String; only String attributes are searchable.");
    }
    if (typeOf(indexMember) != String.class) {
      throw new MappingException(where + ": the index attribute must be a String.");
    }
    if (indexMember.getAnnotation(Encrypted.class) != null) {
      throw new MappingException(
          where + ": the index attribute must not be @Encrypted itself; remove @Encrypted.");
    }
    BlindIndex spec;
    try {
      spec = BlindIndex.of(ann.bits(), ann.normalize());
    } catch (RuntimeException e) {
      throw new MappingException(where + ": " + e.getMessage(), e);
    }
    Column sourceColumn = column(source, where + " (its encrypted attribute)");
    Column indexColumn = column(indexProperty, where);
    if (indexColumn.getSqlType() == null
        && indexColumn.getLength() != null
        && indexColumn.getLength() < BlindIndex.MAX_LENGTH) {
      throw new MappingException(
          where
              + ": the column is declared with length "
              + indexColumn.getLength()
              + ", an index value needs up to "
              + BlindIndex.MAX_LENGTH
              + " characters; declare @Column(length = 80).");
    }
    if (indexColumn.isUnique() && !spec.isExact()) {
      throw new MappingException(
          where
              + ": a unique index must be exact (bits = 256); with "
              + spec.bits()
              + " bits distinct values may share an index value. Drop unique or the bits.");
    }
    String context = contextOf(bootstrap, pc, source.getName());
    if (context == null) {
      throw new MappingException(
          where + ": the context of " + ann.of() + " is unknown (it was not bound as @Encrypted).");
    }
    String table = ((SimpleValue) indexProperty.getValue()).getTable().getName();
    return new Indexed(
        pc.getEntityName(),
        source.getName(),
        indexProperty.getName(),
        table,
        sourceColumn.getName(),
        indexColumn.getName(),
        context,
        spec);
  }

  private static void checkOnePerAttribute(PersistentClass pc, List<Indexed> found) {
    Map<String, String> seen = new HashMap<>();
    for (Indexed i : found) {
      String other = seen.put(i.attribute(), i.indexAttribute());
      if (other != null) {
        throw new MappingException(
            "@SearchIndex on "
                + pc.getEntityName()
                + "."
                + i.indexAttribute()
                + " and ."
                + other
                + " both index "
                + i.attribute()
                + "; keep one.");
      }
    }
  }

  private static Property findProperty(PersistentClass pc, String name) {
    for (Property p : pc.getPropertyClosure()) {
      if (p.getName().equals(name)) {
        return p;
      }
    }
    return null;
  }

  private static String contextOf(BootstrapContext bootstrap, PersistentClass pc, String attr) {
    for (PersistentClass c = pc; c != null; c = c.getSuperclass()) {
      String ctx = CipherResolver.contextOf(bootstrap, c.getEntityName(), attr);
      if (ctx != null) {
        return ctx;
      }
    }
    return null;
  }

  private static Column column(Property p, String where) {
    if (p.getValue() instanceof SimpleValue v && v.getColumnSpan() == 1) {
      Selectable s = v.getSelectables().get(0);
      if (s instanceof Column c) {
        return c;
      }
    }
    throw new MappingException(where + ": the attribute must be mapped to one column.");
  }

  private static Class<?> typeOf(AnnotatedElement m) {
    return m instanceof Field f ? f.getType() : ((Method) m).getReturnType();
  }
}
