package dev.fieldcrypt.hibernate.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.hibernate.MappingException;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;

/** Finds the declared Java type of a mapped attribute, field or getter, at bootstrap. */
final class AttributeTypes {
  private AttributeTypes() {}

  static Class<?> of(PersistentClass persistentClass, Property property) {
    AnnotatedElement m = member(persistentClass, property.getName());
    if (m == null) {
      throw new MappingException(
          "@Encrypted on "
              + persistentClass.getEntityName()
              + "."
              + property.getName()
              + ": cannot find the attribute's field or getter to check its type.");
    }
    return m instanceof Field f ? f.getType() : ((Method) m).getReturnType();
  }

  /** The field or getter of attribute {@code name} of the mapped class or a superclass, or null. */
  static AnnotatedElement member(PersistentClass persistentClass, String name) {
    Class<?> owner = persistentClass.getMappedClass();
    for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return f;
        }
      }
      String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      for (Method m : c.getDeclaredMethods()) {
        if (m.getParameterCount() == 0
            && (m.getName().equals("get" + suffix) || m.getName().equals("is" + suffix))) {
          return m;
        }
      }
    }
    return null;
  }
}
