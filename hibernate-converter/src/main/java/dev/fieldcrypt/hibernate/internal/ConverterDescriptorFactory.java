package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldcryptException;
import jakarta.persistence.AttributeConverter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.hibernate.Version;
import org.hibernate.boot.model.convert.spi.ConverterDescriptor;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.boot.spi.MetadataBuildingContext;

/**
 * Wraps a converter instance in Hibernate's descriptor. The factory is an internal class whose
 * shape changed three times, so the one present is found by reflection at bootstrap (only while the
 * SessionFactory is built, never per value):
 *
 * <ul>
 *   <li>7.3 and later: {@code ConverterDescriptors.of(AttributeConverter)};
 *   <li>7.0 to 7.2: {@code ConverterDescriptors.of(AttributeConverter,
 *       org.hibernate.boot.spi.ClassmateContext)}, the context from {@code
 *       BootstrapContext.getClassmateContext()} (removed in 7.3);
 *   <li>6.6: {@code new InstanceBasedConverterDescriptor(AttributeConverter,
 *       org.hibernate.boot.internal.ClassmateContext)}.
 * </ul>
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // ConverterDescriptor is generic in 7.x, raw in 6.6
final class ConverterDescriptorFactory {
  /** The Hibernate ORM lines that the build tests (module hibernate-compat-tests). */
  static final String SUPPORTED = "Hibernate ORM 6.6 and 7.0 to 7.4";

  private static final String PKG = "org.hibernate.boot.model.convert.internal.";

  private ConverterDescriptorFactory() {}

  static ConverterDescriptor of(AttributeConverter<?, ?> converter, MetadataBuildingContext ctx) {
    try {
      Class<?> descriptors = classOrNull(PKG + "ConverterDescriptors");
      if (descriptors != null) {
        Method of1 = methodOrNull(descriptors, "of", AttributeConverter.class);
        if (of1 != null) { // 7.3+
          return (ConverterDescriptor) of1.invoke(null, converter);
        }
        Class<?> classmateType = classOrNull("org.hibernate.boot.spi.ClassmateContext");
        Method of2 =
            classmateType == null
                ? null
                : methodOrNull(descriptors, "of", AttributeConverter.class, classmateType);
        if (of2 != null) { // 7.0 to 7.2
          return (ConverterDescriptor) of2.invoke(null, converter, classmate(ctx));
        }
      }
      Class<?> instanceBased = classOrNull(PKG + "InstanceBasedConverterDescriptor");
      Class<?> classmateType66 = classOrNull("org.hibernate.boot.internal.ClassmateContext");
      if (instanceBased != null && classmateType66 != null) { // 6.6
        try {
          Constructor<?> c =
              instanceBased.getConstructor(AttributeConverter.class, classmateType66);
          return (ConverterDescriptor) c.newInstance(converter, classmate(ctx));
        } catch (NoSuchMethodException e) {
          // falls through to the error below
        }
      }
      throw unsupported(Version.getVersionString(), null);
    } catch (InvocationTargetException e) {
      throw new FieldcryptException(
          "cannot register the fieldcrypt converter with Hibernate ORM "
              + Version.getVersionString(),
          e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw unsupported(Version.getVersionString(), e);
    }
  }

  /** The error for a Hibernate ORM whose converter registration is none of the known ones. */
  static FieldcryptException unsupported(String hibernateVersion, Throwable cause) {
    return new FieldcryptException(
        "Hibernate ORM "
            + hibernateVersion
            + " offers no known way to register a converter instance; fieldcrypt supports "
            + SUPPORTED,
        cause);
  }

  /** {@code BootstrapContext.getClassmateContext()}: present up to 7.2. */
  private static Object classmate(MetadataBuildingContext ctx) throws ReflectiveOperationException {
    return BootstrapContext.class
        .getMethod("getClassmateContext")
        .invoke(ctx.getBootstrapContext());
  }

  private static Class<?> classOrNull(String name) {
    try {
      return Class.forName(name, false, ConverterDescriptor.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Method methodOrNull(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
