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
 * The insert side of the benchmark: the e-mail encrypted and searchable, without the plaintext twin
 * column of {@link SearchUser}, so that its inserts differ from {@link EncryptedUser}'s by the
 * search index alone (its HMAC, its column, its B-tree).
 */
@Entity
@Table(name = "bench_indexed_users")
public class IndexedUser {
  @Id public Long id;

  @Encrypted
  @Column(length = 300)
  public String email;

  @SearchIndex(
      of = "email",
      normalize = {NFC, TRIM, LOWERCASE})
  @Column(name = "email_bidx", length = 80, unique = true)
  public String emailIndex;

  public IndexedUser() {}

  IndexedUser(Long id, String email) {
    this.id = id;
    this.email = email;
  }
}
