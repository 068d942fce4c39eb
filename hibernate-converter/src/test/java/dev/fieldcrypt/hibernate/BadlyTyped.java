package dev.fieldcrypt.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * @Encrypted on an int: bootstrap must refuse it.
 */
@Entity
public class BadlyTyped {
  @Id Long id;

  @Encrypted java.util.Locale locale;
}
