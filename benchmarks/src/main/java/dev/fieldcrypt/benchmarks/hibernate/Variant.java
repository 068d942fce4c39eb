package dev.fieldcrypt.benchmarks.hibernate;

/** The two sides of the comparison, identical but for {@code @Encrypted}. */
enum Variant {
  PLAIN("plain", PlainSecret.class, "bench_plain"),
  ENCRYPTED("encrypted", EncryptedSecret.class, "bench_encrypted");

  final String label;
  final Class<? extends SecretRow> entity;
  final String table;

  Variant(String label, Class<? extends SecretRow> entity, String table) {
    this.label = label;
    this.entity = entity;
    this.table = table;
  }

  SecretRow create(long id, String otpSecret, String apiToken) {
    return this == PLAIN
        ? new PlainSecret(id, otpSecret, apiToken)
        : new EncryptedSecret(id, otpSecret, apiToken);
  }
}
