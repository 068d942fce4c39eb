package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Writes a {@link Keyring} as a {@code .env.crypto} file that {@link DotenvKeySource} reads back.
 *
 * <p>Writes are atomic and private: the content goes to a temporary file created with mode 600 in
 * the same directory, is forced to disk, renamed over the target, and the directory is forced too.
 * A crash leaves either the old file or the new one, never half of one.
 *
 * <pre>{@code
 * KeyringFile.write(Path.of(".env.crypto"), Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
 * }</pre>
 */
public final class KeyringFile {
  private KeyringFile() {}

  /** Writes {@code keyring} to {@code file} atomically with mode 600, replacing any old file. */
  public static void write(Path file, Keyring keyring) {
    writeAtomically(file, render(keyring).getBytes(StandardCharsets.UTF_8));
  }

  /** The file content for {@code keyring}. Holds key material: never log it. */
  static String render(Keyring keyring) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder sb = new StringBuilder();
    sb.append("# fieldcrypt keyring, written ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append('\n')
        .append("# KEEP THIS FILE SECRET: never commit it; back it up somewhere safe.\n\n")
        .append(KeyringNames.ACTIVE)
        .append("=\"")
        .append(keyring.activeVersion())
        .append("\"\n");
    for (KeyVersion v : keyring.versions()) {
      sb.append('\n');
      line(
          sb, KeyringNames.KEYS + v.label(), b64.encodeToString(v.keyBytes(SecretKeyAccess.get())));
      line(
          sb,
          KeyringNames.SALT + v.label(),
          b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
      line(sb, KeyringNames.SALT_HASH + v.label(), v.saltHash());
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, String value) {
    sb.append(name).append("=\"").append(value).append("\"\n");
  }

  /**
   * Replaces {@code file} with {@code content}: temp file (mode 600) in the same directory, fsync,
   * atomic rename, fsync of the directory.
   */
  public static void writeAtomically(Path file, byte[] content) {
    KeyringText.requireNotDirectory(file);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", privateAttrs());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot write "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); check that the directory exists and is writable. The old file is unchanged.",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temp file is mode 600 and named after the target
        }
      }
    }
  }

  private static FileAttribute<?>[] privateAttrs() {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename durable on Linux; other platforms cannot open a directory and need not.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported here; the rename itself is still atomic
    }
  }
}
