package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one environment variable each: a mount path, a file path, a boolean, a bounded whole
 * number, a duration. Errors name the variable, the allowed form and the default; they echo a value
 * only for settings that are not secrets.
 */
final class VaultSettings {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  private VaultSettings() {}

  static String mount(Map<String, String> env, String name, String dflt) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return dflt;
    }
    String m = value.strip().replaceAll("^/+|/+$", "");
    if (!m.matches("[A-Za-z0-9._/-]{1,128}") || m.contains("..")) {
      throw new KeyringConfigException(
          name + " is not an auth mount path; write e.g. " + name + "=" + dflt + " (the default).");
    }
    return m;
  }

  static Path path(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    try {
      return value == null ? null : Path.of(value.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyringConfigException(name + " is not a valid file path; fix or unset it.", e);
    }
  }

  static boolean bool(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return false;
    }
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "1", "t", "true":
        return true;
      case "0", "f", "false":
        return false;
      default:
        throw new KeyringConfigException(
            name + " must be true or false (or 1 or 0); unset it for the default, false.");
    }
  }

  static int integer(Map<String, String> env, String name, int dflt, int min) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new KeyringConfigException(
        name
            + "='"
            + value
            + "' is not a whole number from "
            + min
            + " to 100; unset it for the default, "
            + dflt
            + ".");
  }

  /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(Map<String, String> env, String name, Duration dflt, Duration min) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(value.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d =
          switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
          };
      if (d.compareTo(min) >= 0) {
        return d;
      }
    }
    throw new KeyringConfigException(
        name
            + "='"
            + value
            + "' is not a duration of at least "
            + min.toMillis()
            + " ms; write e.g. 250ms, 30s, 5m or 1h (default "
            + dflt.toSeconds()
            + "s).");
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
