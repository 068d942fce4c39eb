package dev.fieldcrypt.hibernate.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.hibernate.MappingException;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;

/** Finds the declared Java type of a mapped attribute, field or getter, at bootstrap. */
final class AttributeTypes {
  private AttributeTypes() {}

  static Class<?> of(PersistentClass persistentClass, Property property) {
    String name = property.getName();
    Class<?> owner = persistentClass.getMappedClass();
    for (Class<?> c = owner; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return f.getType();
        }
      }
      String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      for (Method m : c.getDeclaredMethods()) {
        if (m.getParameterCount() == 0
            && (m.getName().equals("get" + suffix) || m.getName().equals("is" + suffix))) {
          return m.getReturnType();
        }
      }
    }
    throw new MappingException(
        "@Encrypted on "
            + persistentClass.getEntityName()
            + "."
            + name
            + ": cannot find the attribute's field or getter to check its type.");
  }
}
