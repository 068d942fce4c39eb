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

/**
 * The e-mail encrypted, searchable through an exact, unique blind index; and, for the benchmark
 * only, the same e-mail in plaintext with its own unique index, so that a lookup by either runs on
 * the same rows, table and cache.
 */
@Entity
@Table(
    name = "bench_search_users",
    indexes = @jakarta.persistence.Index(columnList = "email_plain", unique = true))
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

  @Column(name = "email_plain", length = 300)
  public String emailPlain;

  public SearchUser() {}

  SearchUser(Long id, String email) {
    this.id = id;
    this.email = email;
    this.emailPlain = email;
  }
}
