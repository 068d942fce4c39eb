package dev.fieldcrypt.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** No explicit names: the physical naming strategy decides them. */
@Entity
public class Vault {
  @Id Long id;

  @Encrypted String secretValue;
}
