package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment's keyring settings on top of any source's (seed 003's precedence: a variable
 * overrides the stored value; {@code NAME_FILE=/path} reads the value from a file, the Docker and
 * Kubernetes secrets convention; setting both is an error).
 */
final class EnvironmentOverrides {
  private EnvironmentOverrides() {}

  /** Adds the keyring variables of {@code env} to {@code settings}; whether there was any. */
  static boolean apply(KeyringSettings settings, Map<String, String> env) {
    boolean found = false;
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      String base = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : null;
      if (base != null && KeyringNames.isOurs(base)) {
        if (env.containsKey(base)) {
          throw new KeyringConfigException(
              "both " + base + " and " + name + " are set in the environment; set only one.");
        }
        settings.put(
            base,
            readSecretFile(name, e.getValue()),
            "secret file " + e.getValue() + " (" + name + ")",
            name + "=" + e.getValue());
        found = true;
      } else if (KeyringNames.isOurs(name)) {
        settings.put(
            name, e.getValue(), KeyringSettings.ENVIRONMENT, "environment variable " + name);
        found = true;
      }
    }
    return found;
  }

  private static String readSecretFile(String variable, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new KeyringConfigException(
          variable
              + " names "
              + path
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + "). Check the path and that this process may read it.",
          e);
    }
  }
}
