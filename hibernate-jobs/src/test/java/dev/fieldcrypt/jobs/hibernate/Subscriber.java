package dev.fieldcrypt.jobs.hibernate;

import static dev.fieldcrypt.core.Normalization.LOWERCASE;
import static dev.fieldcrypt.core.Normalization.NFC;
import static dev.fieldcrypt.core.Normalization.TRIM;

import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SearchIndex;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A searchable e-mail: encrypted, with an exact, unique search index. */
@Entity
@Table(name = "subscribers")
public class Subscriber {
  @Id Long id;

  @Encrypted
  @Column(length = 300)
  String email;

  @SearchIndex(
      of = "email",
      normalize = {NFC, TRIM, LOWERCASE})
  @Column(name = "email_bidx", length = 80, unique = true)
  String emailIndex;

  public Subscriber() {}
}
