package dev.fieldcrypt.boot.app;

import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SearchIndex;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer whose e-mail and phone are encrypted; the e-mail is searchable. */
@Entity
@Table(name = "customers")
public class Customer {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Encrypted
  @Column(length = 300)
  private String email;

  @SearchIndex(of = "email")
  @Column(name = "email_bidx", length = 80)
  private String emailIndex;

  @Encrypted
  @Column(length = 300)
  private String phone;

  protected Customer() {}

  public Customer(String email, String phone) {
    this.email = email;
    this.phone = phone;
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getPhone() {
    return phone;
  }
}
