package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.hibernate.Encrypted;
import java.lang.reflect.AnnotatedElement;
import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;

/**
 * Refuses, once the model is complete, the places an encrypted attribute cannot work: an identifier
 * (rows are found by it, and each encryption differs), a version (compared and incremented by the
 * database's values), a natural id (looked up by equality). Not API.
 */
final class EncryptedChecks {
  private EncryptedChecks() {}

  static void check(Metadata metadata) {
    for (PersistentClass pc : metadata.getEntityBindings()) {
      if (pc.getIdentifierProperty() != null) {
        refuse(
            pc, pc.getIdentifierProperty(), "the identifier", "use a plain key (a surrogate id)");
      }
      if (pc.getVersion() != null) {
        refuse(pc, pc.getVersion(), "the @Version", "keep the version in clear");
      }
      for (Property p : pc.getPropertyClosure()) {
        if (p.isNaturalIdentifier()) {
          refuse(
              pc,
              p,
              "a @NaturalId",
              "look it up through a @SearchIndex (EncryptedSearch.findOne) instead");
        }
      }
    }
  }

  private static void refuse(PersistentClass pc, Property p, String what, String instead) {
    AnnotatedElement member = AttributeTypes.member(pc, p.getName());
    if (member != null && member.getAnnotation(Encrypted.class) != null) {
      throw new MappingException(
          "@Encrypted on "
              + pc.getEntityName()
              + "."
              + p.getName()
              + ", "
              + what
              + ": each encryption of a value differs, so it could not find or compare rows; "
              + instead
              + ".");
    }
  }
}
