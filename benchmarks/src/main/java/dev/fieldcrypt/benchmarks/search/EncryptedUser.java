package dev.fieldcrypt.benchmarks.search;

import dev.fieldcrypt.hibernate.Encrypted;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The e-mail encrypted, not searchable: the insert baseline of the index's overhead. */
@Entity
@Table(name = "bench_encrypted_users")
public class EncryptedUser {
  @Id public Long id;

  @Encrypted
  @Column(length = 300)
  public String email;

  public EncryptedUser() {}

  EncryptedUser(Long id, String email) {
    this.id = id;
    this.email = email;
  }
}
