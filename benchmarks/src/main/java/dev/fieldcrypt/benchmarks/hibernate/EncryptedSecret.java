package dev.fieldcrypt.benchmarks.hibernate;

import dev.fieldcrypt.hibernate.Encrypted;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** {@link PlainSecret} with both fields {@code @Encrypted}. */
@Entity
@Table(name = "bench_encrypted")
public class EncryptedSecret implements SecretRow {
  @Id private Long id;

  @Encrypted
  @Column(name = "otp_secret", length = 255)
  private String otpSecret;

  @Encrypted
  @Column(name = "api_token", length = 255)
  private String apiToken;

  protected EncryptedSecret() {}

  EncryptedSecret(Long id, String otpSecret, String apiToken) {
    this.id = id;
    this.otpSecret = otpSecret;
    this.apiToken = apiToken;
  }

  @Override
  public Long id() {
    return id;
  }

  @Override
  public String otpSecret() {
    return otpSecret;
  }

  @Override
  public String apiToken() {
    return apiToken;
  }
}
