package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Checks that a key file is readable by its owner only, where the file system can tell. */
final class FilePermissions {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private FilePermissions() {}

  /** Whether group or others have any permission on the file; false where POSIX is unsupported. */
  static boolean isOpenToOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.stream().anyMatch(GROUP_OR_OTHERS::contains);
    } catch (UnsupportedOperationException e) {
      return false;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read the permissions of " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Refuses {@code file} ({@code what}, such as {@code "encrypted keyring file"}) when its group or
   * others have any permission; no opt-out is offered.
   */
  static void requireOwnerOnly(Path file, String what) {
    if (isOpenToOthers(file)) {
      throw new KeyringConfigException(
          what
              + " "
              + file
              + " is accessible to its group or others; only its owner may read it (mode 600, or"
              + " 400). Run 'chmod 600 "
              + file
              + "'.");
    }
  }

  static void requireOwnerOnly(Path file) {
    if (isOpenToOthers(file)) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " is accessible to its group or others; it holds encryption keys. Run 'chmod 600 "
              + file
              + "' (or allow insecure permissions explicitly if you must).");
    }
  }
}
