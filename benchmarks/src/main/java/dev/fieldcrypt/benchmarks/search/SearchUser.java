package dev.fieldcrypt.benchmarks.search;

import static dev.fieldcrypt.core.Normalization.LOWERCASE;
import static dev.fieldcrypt.core.Normalization.NFC;
import static dev.fieldcrypt.core.Normalization.TRIM;

import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SearchIndex;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The e-mail encrypted, searchable through an exact, unique blind index. */
@Entity
@Table(name = "bench_search_users")
public class SearchUser {
  @Id public Long id;

  @Encrypted
  @Column(length = 300)
  public String email;

  @SearchIndex(
      of = "email",
      normalize = {NFC, TRIM, LOWERCASE})
  @Column(name = "email_bidx", length = 80, unique = true)
  public String emailIndex;

  public SearchUser() {}

  SearchUser(Long id, String email) {
    this.id = id;
    this.email = email;
  }
}
