package dev.fieldcrypt.benchmarks.hibernate;

import dev.fieldcrypt.hibernate.Encrypted;
import dev.fieldcrypt.hibernate.SecretString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * {@link PlainSecret} with both fields {@code @Encrypted} {@link SecretString}s: decrypted when
 * read.
 */
@Entity
@Table(name = "bench_lazy")
public class LazySecret implements SecretRow {
  @Id private Long id;

  @Encrypted
  @Column(name = "otp_secret", length = 255)
  private SecretString otpSecret;

  @Encrypted
  @Column(name = "api_token", length = 255)
  private SecretString apiToken;

  protected LazySecret() {}

  LazySecret(Long id, String otpSecret, String apiToken) {
    this.id = id;
    this.otpSecret = SecretString.of(otpSecret);
    this.apiToken = SecretString.of(apiToken);
  }

  @Override
  public Long id() {
    return id;
  }

  @Override
  public String otpSecret() {
    return otpSecret.reveal();
  }

  @Override
  public String apiToken() {
    return apiToken.reveal();
  }
}
