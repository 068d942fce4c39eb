package dev.fieldcrypt.hibernate;

import static dev.fieldcrypt.core.Normalization.DIGITS;
import static dev.fieldcrypt.core.Normalization.LOWERCASE;
import static dev.fieldcrypt.core.Normalization.NFC;
import static dev.fieldcrypt.core.Normalization.TRIM;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A searchable e-mail (exact, unique) and a searchable tax id (truncated to 8 bits). */
@Entity
@Table(name = "members")
public class Member {
  @Id Long id;

  String nickname;

  @Encrypted
  @Column(length = 300)
  String email;

  @SearchIndex(
      of = "email",
      normalize = {NFC, TRIM, LOWERCASE})
  @Column(name = "email_bidx", length = 80, unique = true)
  String emailIndex;

  @Encrypted
  @Column(name = "tax_id", length = 300)
  String taxId;

  @SearchIndex(of = "taxId", bits = 8, normalize = DIGITS)
  @Column(name = "tax_id_bidx", length = 80)
  String taxIdIndex;

  @Encrypted
  @Column(length = 300)
  String notes;

  public Member() {}

  Member(Long id, String email, String taxId) {
    this.id = id;
    this.email = email;
    this.taxId = taxId;
  }
}
