package dev.fieldcrypt.benchmarks.hibernate;

import java.util.Random;

/**
 * The rows both variants persist, generated once before any timing: a 16-character base32 OTP
 * secret and a 40-character API token per row, distinct per row, and the checksum a load must see.
 */
final class Dataset {
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  final String[] otpSecrets;
  final String[] apiTokens;
  final long checksum;

  Dataset(int rows) {
    Random r = new Random(42);
    otpSecrets = new String[rows];
    apiTokens = new String[rows];
    long sum = 0;
    for (int i = 0; i < rows; i++) {
      otpSecrets[i] = random(r, BASE32, 16);
      apiTokens[i] = "ghp_" + random(r, ALNUM, 36);
      sum += checksum(i + 1L, otpSecrets[i], apiTokens[i]);
    }
    checksum = sum;
  }

  int rows() {
    return otpSecrets.length;
  }

  static long checksum(long id, String otpSecret, String apiToken) {
    return id * 31 + otpSecret.hashCode() * 17L + apiToken.hashCode();
  }

  private static String random(Random r, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
