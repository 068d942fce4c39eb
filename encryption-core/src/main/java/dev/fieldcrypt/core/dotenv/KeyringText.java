package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a keyring file, the same way for loading, validating, backing up and rewriting: a directory
 * is refused with one clear line, and a leading UTF-8 byte order mark (which some editors write) is
 * skipped.
 */
final class KeyringText {
  private static final char BOM = '\uFEFF';

  private KeyringText() {}

  /**
   * The file's text without a leading byte order mark, or null when there is no such file.
   *
   * @throws KeyringConfigException when it is a directory, not UTF-8, or cannot be read
   */
  static String readIfExists(Path file) {
    requireNotDirectory(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (CharacterCodingException e) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " is not UTF-8 text ("
              + e.getClass().getSimpleName()
              + "); a keyring file holds NAME=value lines. Restore it from a backup.",
          e);
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read keyring file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  /**
   * @throws KeyringConfigException when {@code file} is a directory (following links)
   */
  static void requireNotDirectory(Path file) {
    if (Files.isDirectory(file)) {
      throw new KeyringConfigException(
          file
              + " is a directory, not a keyring file; pass the file, e.g. "
              + file.resolve(DotenvKeySource.DEFAULT_FILE)
              + ".");
    }
  }
}
