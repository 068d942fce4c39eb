package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.LegacyDotenv;
import java.nio.file.Path;

/**
 * Writes a keyring file under the old name: a thin alias of {@code
 * dev.fieldcrypt.core.dotenv.KeyringFile}, which it delegates to.
 *
 * @deprecated use {@code dev.fieldcrypt.core.dotenv.KeyringFile}: {@code write} as here, and {@code
 *     update}/{@code replace} to rewrite a file (under a lock, backed up first).
 */
@Deprecated
public final class KeyringFile {
  private KeyringFile() {}

  /**
   * Writes {@code keyring} to {@code file} atomically with mode 600, replacing any old file
   * (through a symbolic link, under the file's lock).
   *
   * @deprecated use {@code dev.fieldcrypt.core.dotenv.KeyringFile.write(file, keyring)}.
   */
  @Deprecated
  public static void write(Path file, Keyring keyring) {
    LegacyDotenv.get().write(file, keyring);
  }
}
