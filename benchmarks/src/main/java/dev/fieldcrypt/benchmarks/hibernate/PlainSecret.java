package dev.fieldcrypt.benchmarks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The baseline entity: the same fields as {@link EncryptedSecret}, stored as plain text. */
@Entity
@Table(name = "bench_plain")
public class PlainSecret implements SecretRow {
  @Id private Long id;

  @Column(name = "otp_secret", length = 255)
  private String otpSecret;

  @Column(name = "api_token", length = 255)
  private String apiToken;

  protected PlainSecret() {}

  PlainSecret(Long id, String otpSecret, String apiToken) {
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
