package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a keyring file really is: the end of its chain of symbolic links, in its real directory.
 * Writes, locks and backups happen there, so that {@code .env.crypto -> master/keyring.env} stays a
 * link and {@code master/keyring.env} is what changes.
 */
final class KeyringPaths {
  private static final int MAX_LINKS = 40;

  private KeyringPaths() {}

  /** The real target of {@code file}, which need not exist (nor its directory). */
  static Path target(Path file) {
    Path p = file.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == MAX_LINKS) {
        throw new KeyringConfigException(
            file
                + " is a chain of more than "
                + MAX_LINKS
                + " symbolic links (a loop?); point it at the keyring file.");
      }
      try {
        p = p.resolveSibling(Files.readSymbolicLink(p));
      } catch (IOException e) {
        throw new KeyringConfigException(
            "cannot follow the symbolic link " + p + " (" + e.getClass().getSimpleName() + ").", e);
      }
    }
    Path dir = p.getParent();
    try {
      return Files.isDirectory(dir) ? dir.toRealPath().resolve(p.getFileName()) : p.normalize();
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot resolve the directory " + dir + " (" + e.getClass().getSimpleName() + ").", e);
    }
  }

  /** {@link #target(Path)}, after creating its directory; refuses a directory as the file. */
  static Path writableTarget(Path file) {
    KeyringText.requireNotDirectory(file);
    Path target = target(file);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot write "
              + file
              + ": its directory cannot be created ("
              + e.getClass().getSimpleName()
              + "); create it, or check that its parent is writable.",
          e);
    }
    return target(file);
  }
}
