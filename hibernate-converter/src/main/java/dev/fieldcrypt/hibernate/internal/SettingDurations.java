package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.KeyringConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration setting: a {@link Duration}, a number of milliseconds, {@code 200ms}, {@code
 * 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}).
 */
final class SettingDurations {
  private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

  private SettingDurations() {}

  /** The duration of {@code name}, or null when the setting is absent. */
  static Duration read(Map<String, Object> settings, String name) {
    Object value = settings.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Duration d) {
      return check(name, d, value);
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    Matcher m = WITH_UNIT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      return switch (unit) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofMillis(n);
      };
    }
    try {
      return check(name, Duration.parse(text.toUpperCase(Locale.ROOT)), value);
    } catch (DateTimeParseException e) {
      throw invalid(name, value);
    }
  }

  private static Duration check(String name, Duration d, Object value) {
    if (d.isNegative()) {
      throw invalid(name, value);
    }
    return d;
  }

  private static KeyringConfigException invalid(String name, Object value) {
    return new KeyringConfigException(
        "setting '"
            + name
            + "' is '"
            + value
            + "'; write a duration such as 200ms, 30s, 5m, 1h or PT30S (0 for none).");
  }
}
