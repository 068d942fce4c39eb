package dev.fieldcrypt.benchmarks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** {@link PlainSecret} with both fields converted by the hand-written {@link JdkGcmConverter}. */
@Entity
@Table(name = "bench_jdk")
public class JdkGcmSecret implements SecretRow {
  @Id private Long id;

  @Convert(converter = JdkGcmConverter.class)
  @Column(name = "otp_secret", length = 255)
  private String otpSecret;

  @Convert(converter = JdkGcmConverter.class)
  @Column(name = "api_token", length = 255)
  private String apiToken;

  protected JdkGcmSecret() {}

  JdkGcmSecret(Long id, String otpSecret, String apiToken) {
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
