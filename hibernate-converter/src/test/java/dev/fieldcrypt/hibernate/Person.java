package dev.fieldcrypt.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

/** An entity with an encrypted attribute of every typed-plaintext type. */
@Entity
@Table(name = "people")
public class Person {
  @Id Long id;

  @Encrypted Integer age;
  @Encrypted long visits;
  @Encrypted Short floor;
  @Encrypted Character initial;
  @Encrypted Double score;
  @Encrypted Float ratio;
  @Encrypted BigInteger bigNumber;

  @Encrypted
  @Column(precision = 30, scale = 4)
  BigDecimal salary;

  @Encrypted UUID externalId;

  @Encrypted
  @Column(name = "birth_date")
  LocalDate birthDate;

  @Encrypted LocalTime wakeUp;
  @Encrypted LocalDateTime lastSeen;
  @Encrypted OffsetDateTime signedUp;
  @Encrypted ZonedDateTime meeting;
  @Encrypted Instant verifiedAt;
  @Encrypted char[] pin;

  public Person() {}
}
