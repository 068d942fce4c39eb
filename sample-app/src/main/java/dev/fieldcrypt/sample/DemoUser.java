package dev.fieldcrypt.sample;

import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SearchIndex;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user of the demo application: an e-mail the application looks users up by, and three secrets
 * the database must never hold in clear. The only fieldcrypt-specific code in the application is
 * {@link Encrypted} and {@link SearchIndex}.
 */
@Entity
@Table(name = "fieldcrypt_demo_users")
public class DemoUser {
  @Id private Long id;

  /**
   * Encrypted too, and searchable: fieldcrypt keeps {@link #emailIndex} in step, and {@code where
   * u.email = :email} finds the user through it, under every key version.
   */
  @Encrypted
  @Column(nullable = false)
  private String email;

  @SearchIndex(
      of = "email",
      normalize = {Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE})
  @Column(name = "email_bidx", length = 80, unique = true)
  private String emailIndex;

  /**
   * Stored as {@code v1:…} in {@code otp_secret}, bound to the context {@code
   * fieldcrypt_demo_users.otp_secret}.
   */
  @Encrypted
  @Column(name = "otp_secret", length = 255)
  private String otpSecret;

  @Encrypted
  @Column(name = "api_token", length = 255)
  private String apiToken;

  /** A byte[] attribute: encrypted the same way, stored as text. */
  @Encrypted
  @Column(name = "recovery_codes", length = 255)
  private byte[] recoveryCodes;

  protected DemoUser() {}

  DemoUser(long id, String email, String otpSecret, String apiToken, byte[] recoveryCodes) {
    this.id = id;
    this.email = email;
    this.otpSecret = otpSecret;
    this.apiToken = apiToken;
    this.recoveryCodes = recoveryCodes;
  }

  public Long getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getOtpSecret() {
    return otpSecret;
  }

  public String getApiToken() {
    return apiToken;
  }

  public byte[] getRecoveryCodes() {
    return recoveryCodes;
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "DemoUser[id=" + id + "]";
  }
}
