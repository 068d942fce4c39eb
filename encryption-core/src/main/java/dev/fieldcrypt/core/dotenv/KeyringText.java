package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a keyring file, the same way for loading, validating, backing up and rewriting: a directory
 * is refused with one clear line, the text must be UTF-8, and a leading byte order mark (which some
 * editors write) is skipped.
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
    byte[] bytes = readBytesIfExists(file, "keyring file");
    return bytes == null ? null : decode(file, bytes);
  }

  /**
   * The file's bytes, or null when there is no such file; {@code what} names it in errors.
   *
   * @throws KeyringConfigException when it is a directory or cannot be read
   */
  static byte[] readBytesIfExists(Path file, String what) {
    requireNotDirectory(file);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * {@link #readBytesIfExists(Path, String)} for a file that may hold at most {@code maxBytes}: a
   * bigger one is refused before it is read (an encrypted keyring file is read whole).
   *
   * @throws KeyringConfigException when it is a directory, too big, or cannot be read
   */
  static byte[] readBytesIfExists(Path file, String what, long maxBytes) {
    requireNotDirectory(file);
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new KeyringConfigException(
            what
                + " "
                + file
                + " is "
                + size
                + " bytes, more than a keyring file can be ("
                + maxBytes
                + "); name the keyring file, or restore it from a backup.");
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
    }
    return readBytesIfExists(file, what);
  }

  /**
   * The text of a keyring file's bytes, without a leading byte order mark.
   *
   * @throws KeyringConfigException when the bytes are not UTF-8
   */
  static String decode(Path file, byte[] bytes) {
    if (EncryptedKeyringFormat.looksEncrypted(bytes)) {
      throw new KeyringConfigException(
          file
              + " is an encrypted keyring file, not a plain one; name it encrypted-file:"
              + file
              + " and set its master key (FIELDCRYPT_MASTER_KEY_FILE or"
              + " FIELDCRYPT_MASTER_PASSPHRASE_FILE).");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " is not UTF-8 text ("
              + e.getClass().getSimpleName()
              + "); a keyring file holds NAME=value lines. Restore it from a backup.",
          e);
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
