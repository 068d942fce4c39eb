package dev.fieldcrypt.jobs.hibernate;

import dev.fieldcrypt.hibernate.Encrypted;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "customers")
public class Customer {
  @Id
  @Column(name = "customer_id")
  Long id;

  String name;

  @Encrypted String otpSecret;

  @Encrypted(context = "customers.notes")
  @Column(name = "notes_v2", length = 1000)
  String notes;

  public Customer() {}

  Customer(Long id, String otpSecret, String notes) {
    this.id = id;
    this.name = "c" + id;
    this.otpSecret = otpSecret;
    this.notes = notes;
  }
}
