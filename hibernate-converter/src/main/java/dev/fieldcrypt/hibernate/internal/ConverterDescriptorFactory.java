package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldcryptException;
import jakarta.persistence.AttributeConverter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.hibernate.boot.model.convert.spi.ConverterDescriptor;
import org.hibernate.boot.spi.MetadataBuildingContext;

/**
 * Wraps a converter instance in Hibernate's descriptor. The factory moved between Hibernate 6.6
 * ({@code new InstanceBasedConverterDescriptor(converter, classmateContext)}) and 7.x ({@code
 * ConverterDescriptors.of(converter)}); both are internal classes, so the one present is found once
 * by reflection at bootstrap. Runs only while the SessionFactory is built, never per value.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // ConverterDescriptor is generic in 7.x, raw in 6.6
final class ConverterDescriptorFactory {
  private static final String PKG = "org.hibernate.boot.model.convert.internal.";

  private ConverterDescriptorFactory() {}

  static ConverterDescriptor of(AttributeConverter<?, ?> converter, MetadataBuildingContext ctx) {
    try {
      Class<?> descriptors = Class.forName(PKG + "ConverterDescriptors");
      try {
        Method of = descriptors.getMethod("of", AttributeConverter.class);
        return (ConverterDescriptor) of.invoke(null, converter);
      } catch (NoSuchMethodException e) {
        // 7.0 to 7.2: ConverterDescriptors.of(converter, classmateContext)
        Class<?> classmateType = Class.forName("org.hibernate.boot.spi.ClassmateContext");
        Method of = descriptors.getMethod("of", AttributeConverter.class, classmateType);
        return (ConverterDescriptor) of.invoke(null, converter, classmate(ctx));
      }
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return hibernate66(converter, ctx);
    } catch (ReflectiveOperationException e) {
      throw new FieldcryptException("cannot register the fieldcrypt converter with Hibernate", e);
    }
  }

  private static ConverterDescriptor hibernate66(
      AttributeConverter<?, ?> converter, MetadataBuildingContext ctx) {
    try {
      Class<?> type = Class.forName(PKG + "InstanceBasedConverterDescriptor");
      Object classmate = classmate(ctx);
      for (Constructor<?> c : type.getConstructors()) {
        if (c.getParameterCount() == 2 && c.getParameterTypes()[1].isInstance(classmate)) {
          return (ConverterDescriptor) c.newInstance(converter, classmate);
        }
      }
      throw new NoSuchMethodException(
          "InstanceBasedConverterDescriptor(AttributeConverter, ClassmateContext)");
    } catch (ReflectiveOperationException e) {
      throw new FieldcryptException(
          "this Hibernate version offers no known way to register a converter instance; fieldcrypt"
              + " supports Hibernate ORM 6.6 and 7.x",
          e);
    }
  }

  private static Object classmate(MetadataBuildingContext ctx) throws ReflectiveOperationException {
    return ctx.getBootstrapContext()
        .getClass()
        .getMethod("getClassmateContext")
        .invoke(ctx.getBootstrapContext());
  }
}
