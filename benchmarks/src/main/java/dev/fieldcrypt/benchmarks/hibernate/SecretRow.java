package dev.fieldcrypt.benchmarks.hibernate;

/** The two entity variants of the harness: an id and two secret String fields. */
interface SecretRow {
  Long id();

  String otpSecret();

  String apiToken();
}
