package dev.fieldcrypt.azure;

import java.util.regex.Pattern;

/**
 * Cuts a third party's message down to what a log line may hold: its first line, at most 300
 * characters, with anything shaped like a bearer token or a JWT replaced. Credential errors from
 * azure-identity name the credentials tried and why each failed, which operators need; they hold no
 * token, and this keeps it so should one ever appear.
 */
final class Redaction {
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}(\\.[A-Za-z0-9_-]*)*");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final int MAX = 300;

  private Redaction() {}

  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    String line = message.strip().lines().findFirst().orElse("");
    line = BEARER.matcher(JWT.matcher(line).replaceAll("<token>")).replaceAll("Bearer <token>");
    return line.length() > MAX ? line.substring(0, MAX) + "…" : line;
  }
}
