package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a keyring file's text, the same way for loading, validating and rewriting. */
final class KeyringText {
  private KeyringText() {}

  /**
   * The file's text, or null when there is no such file.
   *
   * @throws KeyringConfigException when it cannot be read
   */
  static String readIfExists(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read keyring file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
