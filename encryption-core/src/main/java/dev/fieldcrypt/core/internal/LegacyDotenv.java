package dev.fieldcrypt.core.internal;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What the deprecated aliases {@code dev.fieldcrypt.core.DotenvKeySource} and {@code
 * dev.fieldcrypt.core.KeyringFile} delegate to, implemented in {@code dev.fieldcrypt.core.dotenv}
 * and found with {@link ServiceLoader}, so that {@code dev.fieldcrypt.core} has no compile-time
 * reference to the dotenv package (no package cycle). Not API; goes away with the aliases.
 */
public interface LegacyDotenv {

  /** {@code dev.fieldcrypt.core.dotenv.DotenvKeySource} with these settings. */
  KeySource source(Path file, Map<String, String> environment, boolean allowInsecurePermissions);

  /** {@code dev.fieldcrypt.core.dotenv.KeyringFile.write(file, keyring)}. */
  void write(Path file, Keyring keyring);

  /** The implementation in this jar. */
  static LegacyDotenv get() {
    return ServiceLoader.load(LegacyDotenv.class, LegacyDotenv.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new KeyringConfigException(
                    "the dotenv keyring support of fieldcrypt-encryption-core is not on the class"
                        + " path (META-INF/services/dev.fieldcrypt.core.internal.LegacyDotenv is"
                        + " missing: a shaded jar must merge service files); use"
                        + " dev.fieldcrypt.core.dotenv directly."));
  }
}
