package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.ColumnContext;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.EncryptedBytesConverter;
import dev.fieldcrypt.hibernate.EncryptedSecretStringConverter;
import dev.fieldcrypt.hibernate.EncryptedStringConverter;
import dev.fieldcrypt.hibernate.EncryptedValueConverter;
import dev.fieldcrypt.hibernate.SecretString;
import jakarta.persistence.AttributeConverter;
import org.hibernate.MappingException;
import org.hibernate.binder.AttributeBinder;
import org.hibernate.boot.spi.MetadataBuildingContext;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.SimpleValue;

/**
 * Binds {@link Encrypted} attributes: resolves the context ({@code table.column} unless given), the
 * cipher of this SessionFactory's settings, and attaches the matching converter. Not API.
 */
public final class EncryptedBinder implements AttributeBinder<Encrypted> {

  @Override
  public void bind(
      Encrypted annotation,
      MetadataBuildingContext buildingContext,
      PersistentClass persistentClass,
      Property property) {
    String where = persistentClass.getEntityName() + "." + property.getName();
    if (!(property.getValue() instanceof SimpleValue value) || value.getColumnSpan() != 1) {
      throw new MappingException(
          "@Encrypted on "
              + where
              + ": only basic String or byte[] attributes mapped to one column"
              + " can be encrypted (not associations, embeddables or multi-column types).");
    }
    Class<?> type = AttributeTypes.of(persistentClass, property);
    Selectable selectable = value.getSelectables().get(0);
    if (!(selectable instanceof Column column)) {
      throw new MappingException(
          "@Encrypted on " + where + ": the attribute is a formula, not a column.");
    }
    String context =
        annotation.context().isBlank()
            ? ColumnContext.of(value.getTable().getName(), column.getName())
            : annotation.context();
    long maxLength = declaredLength(column);
    FieldCipher cipher;
    try {
      cipher = CipherResolver.resolve(buildingContext);
    } catch (FieldcryptException e) {
      throw new MappingException(
          "@Encrypted on " + where + " needs a keyring: " + e.getMessage(), e);
    }
    AttributeConverter<?, String> converter;
    if (type == String.class) {
      converter = new EncryptedStringConverter(cipher, context, maxLength);
    } else if (type == byte[].class) {
      converter = new EncryptedBytesConverter(cipher, context, maxLength);
    } else if (type == SecretString.class) {
      converter = new EncryptedSecretStringConverter(cipher, context, maxLength);
    } else if (type == Boolean.class || type == boolean.class || type.isEnum()) {
      // Hibernate's schema export writes a check constraint from a converter's values of true and
      // false (or of each constant): with randomized ciphertexts no row would pass it.
      throw new MappingException(
          "@Encrypted on "
              + where
              + " of type "
              + type.getName()
              + ": Boolean and enum attributes are not encrypted yet (Hibernate would derive a"
              + " check constraint from their converted values, which no randomized ciphertext"
              + " meets); store it as a String or an Integer attribute, or leave it in clear.");
    } else {
      converter = EncryptedValueConverter.forType(type, cipher, context, maxLength);
      if (converter == null) {
        throw new MappingException(
            "@Encrypted on "
                + where
                + " of type "
                + type.getName()
                + ": fieldcrypt encrypts String, byte[] and "
                + String.join(", ", dev.fieldcrypt.core.PlaintextCodecs.supportedTypeNames())
                + " attributes; convert the value to one of them first (for example with an"
                + " accessor pair).");
      }
    }
    value.setJpaAttributeConverterDescriptor(
        ConverterDescriptorFactory.of(converter, buildingContext));
    CipherResolver.recordContext(
        buildingContext.getBootstrapContext(),
        persistentClass.getEntityName(),
        property.getName(),
        context);
  }

  /** The explicitly declared length, or 0 when none was declared or the SQL type is custom. */
  private static long declaredLength(Column column) {
    if (column.getSqlType() != null || column.getLength() == null) {
      return 0;
    }
    return column.getLength();
  }
}
