package dev.fieldcrypt.jobs.hibernate;

import dev.fieldcrypt.hibernate.Encrypted;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Typed encrypted attributes, for a job that re-encrypts them. */
@Entity
@Table(name = "measurements")
public class Measurement {
  @Id Long id;

  @Encrypted
  @jakarta.persistence.Column(name = "measured_on")
  LocalDate day;

  @Encrypted BigDecimal amount;
  @Encrypted UUID device;
  @Encrypted OffsetDateTime takenAt;
  @Encrypted Integer count;

  public Measurement() {}
}
