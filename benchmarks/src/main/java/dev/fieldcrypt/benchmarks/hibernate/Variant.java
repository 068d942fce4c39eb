package dev.fieldcrypt.benchmarks.hibernate;

/**
 * The sides of the comparison, identical entities but for how the two fields are stored: in clear,
 * with {@code @Encrypted}, with a hand-written JDK AES-GCM converter (the floor), and as {@code
 * SecretString}s decrypted on first access.
 */
enum Variant {
  PLAIN("plain", PlainSecret.class, "bench_plain"),
  ENCRYPTED("encrypted", EncryptedSecret.class, "bench_encrypted"),
  JDK("jdk-gcm", JdkGcmSecret.class, "bench_jdk"),
  LAZY("lazy", LazySecret.class, "bench_lazy");

  final String label;
  final Class<? extends SecretRow> entity;
  final String table;

  Variant(String label, Class<? extends SecretRow> entity, String table) {
    this.label = label;
    this.entity = entity;
    this.table = table;
  }

  SecretRow create(long id, String otpSecret, String apiToken) {
    return switch (this) {
      case PLAIN -> new PlainSecret(id, otpSecret, apiToken);
      case ENCRYPTED -> new EncryptedSecret(id, otpSecret, apiToken);
      case JDK -> new JdkGcmSecret(id, otpSecret, apiToken);
      case LAZY -> new LazySecret(id, otpSecret, apiToken);
    };
  }
}
