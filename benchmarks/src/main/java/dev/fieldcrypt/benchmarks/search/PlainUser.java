package dev.fieldcrypt.benchmarks.search;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** The baseline: an e-mail in plaintext, with a B-tree index. */
@Entity
@Table(name = "bench_plain_users", indexes = @Index(columnList = "email", unique = true))
public class PlainUser {
  @Id public Long id;

  @Column(length = 300)
  public String email;

  public PlainUser() {}

  PlainUser(Long id, String email) {
    this.id = id;
    this.email = email;
  }
}
