package dev.fieldcrypt.benchmarks.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The benchmark table mapped with plain String columns, as a hand-written re-encryption loop sees
 * it: the loop decrypts and re-encrypts itself and lets Hibernate write the result.
 */
@Entity
@Table(name = "bench_secrets")
public class RawSecret {
  @Id Long id;

  @Column(length = 200)
  String otp;

  @Column(length = 200)
  String token;
}
