package dev.fieldcrypt.hibernate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldcryptException;
import org.junit.jupiter.api.Test;

class ConverterDescriptorFactoryTest {

  @Test
  void unsupportedHibernate_namesTheVersionFound_andTheSupportedLines() {
    FieldcryptException e = ConverterDescriptorFactory.unsupported("6.4.10.Final", null);

    assertThat(e)
        .hasMessageContaining("Hibernate ORM 6.4.10.Final offers no known way")
        .hasMessageContaining("fieldcrypt supports Hibernate ORM 6.6 and 7.0 to 7.4");
  }
}
