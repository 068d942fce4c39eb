package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.spring.boot.FieldcryptProperties;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * The keyring settings in force: {@code fieldcrypt.keyring.*}, or, when none of them is set, the
 * Hibernate settings of the same names under {@code spring.jpa.properties.} that applications wrote
 * before the starter existed, so that those keep working and the jobs get the same keyring.
 *
 * @param origin the property prefix the values came from, for messages
 */
public record KeyringSettings(
    String file,
    String uri,
    Duration refreshInterval,
    Duration onDemandMinInterval,
    boolean allowInsecurePermissions,
    String origin) {

  static final String PREFIX = "fieldcrypt.keyring.";
  static final String JPA_PREFIX = "spring.jpa.properties.fieldcrypt.keyring.";

  private static final String[] NAMES = {
    "file", "uri", "refresh-interval", "on-demand-min-interval", "allow-insecure-permissions"
  };

  /** The settings from the bound properties, or from {@code spring.jpa.properties} if unset. */
  public static KeyringSettings resolve(FieldcryptProperties.Keyring own, Environment env) {
    if (anySet(env, PREFIX) || !anySet(env, JPA_PREFIX)) {
      return new KeyringSettings(
          own.file(),
          own.uri(),
          own.refreshInterval(),
          own.onDemandMinInterval(),
          own.allowInsecurePermissions(),
          PREFIX);
    }
    return new KeyringSettings(
        env.getProperty(JPA_PREFIX + "file"),
        env.getProperty(JPA_PREFIX + "uri"),
        duration(env, JPA_PREFIX + "refresh-interval"),
        duration(env, JPA_PREFIX + "on-demand-min-interval"),
        Boolean.parseBoolean(env.getProperty(JPA_PREFIX + "allow-insecure-permissions")),
        JPA_PREFIX);
  }

  /**
   * Whether the settings {@link #resolve} would pick ask for a live keyring (a URI or a refresh
   * interval), decided before the properties are bound (for the {@code LiveKeyring} bean's
   * condition).
   */
  public static boolean wantsLive(Environment env) {
    String prefix = anySet(env, PREFIX) || !anySet(env, JPA_PREFIX) ? PREFIX : JPA_PREFIX;
    return env.containsProperty(prefix + "uri")
        || env.containsProperty(prefix + "refresh-interval");
  }

  /** Whether the keyring is held live: a URI, or a refresh interval. */
  public boolean live() {
    return uri != null || refreshInterval != null;
  }

  /** The full property name of {@code name} ({@code file}, {@code uri}, …) where it came from. */
  public String property(String name) {
    return origin + name;
  }

  private static boolean anySet(Environment env, String prefix) {
    for (String name : NAMES) {
      if (env.containsProperty(prefix + name)) {
        return true;
      }
    }
    return false;
  }

  private static Duration duration(Environment env, String name) {
    String value = env.getProperty(name);
    if (value == null) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyringConfigException(
          "property '" + name + "' is '" + value + "', not a duration (30s, 5m, PT1M, 200ms)", e);
    }
  }
}
