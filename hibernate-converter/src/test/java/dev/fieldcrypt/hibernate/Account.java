package dev.fieldcrypt.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "accounts")
public class Account {
  @Id Long id;

  String email;

  @Encrypted
  @Column(name = "otp_secret", length = 200)
  String otpSecret;

  @Encrypted(context = "accounts.api_token")
  @Column(name = "api_token_v2", length = 300)
  String apiToken;

  @Encrypted
  @Column(name = "recovery_codes", length = 1000)
  byte[] recoveryCodes;

  @Encrypted
  @Column(name = "short_note", length = 60)
  String shortNote;

  public Account() {}

  Account(Long id, String email, String otpSecret, String apiToken, byte[] recoveryCodes) {
    this.id = id;
    this.email = email;
    this.otpSecret = otpSecret;
    this.apiToken = apiToken;
    this.recoveryCodes = recoveryCodes;
  }
}
