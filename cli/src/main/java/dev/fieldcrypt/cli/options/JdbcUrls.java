package dev.fieldcrypt.cli.options;

import java.util.regex.Pattern;

/** Makes a JDBC URL safe to print and log: a password in it never leaves the process. */
public final class JdbcUrls {
  // ?password=…, &password=… (PostgreSQL), ;PASSWORD=… (H2), and the like; up to the next
  // separator.
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)[^&;]*");
  // user:secret@host in the authority part.
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)[^/@?;]*@");

  private JdbcUrls() {}

  public static String redact(String url) {
    if (url == null) {
      return "(none)";
    }
    String safe = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(safe).replaceAll("$1***@");
  }
}
