package dev.fieldcrypt.core.dotenv.internal;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import dev.fieldcrypt.core.internal.LegacyDotenv;
import java.nio.file.Path;
import java.util.Map;

/**
 * The deprecated {@code dev.fieldcrypt.core} aliases' way into this package, registered in {@code
 * META-INF/services/dev.fieldcrypt.core.internal.LegacyDotenv}. Not API.
 */
public final class LegacyDotenvBridge implements LegacyDotenv {
  /** For {@link java.util.ServiceLoader}. */
  public LegacyDotenvBridge() {}

  @Override
  public KeySource source(
      Path file, Map<String, String> environment, boolean allowInsecurePermissions) {
    return DotenvKeySource.builder()
        .file(file)
        .environment(environment)
        .allowInsecurePermissions(allowInsecurePermissions)
        .build();
  }

  @Override
  public void write(Path file, Keyring keyring) {
    KeyringFile.write(file, keyring);
  }
}
