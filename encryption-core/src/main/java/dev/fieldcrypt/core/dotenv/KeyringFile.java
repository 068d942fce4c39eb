package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Writes and rewrites a {@code .env.crypto} file that {@link DotenvKeySource} reads back.
 *
 * <p>Every write is atomic and private: the content goes to a temporary file created with mode 600
 * in the file's directory, is forced to disk and renamed over the file, so a crash leaves the old
 * file or the new one and readers never see half of one. Writes follow symbolic links: with {@code
 * .env.crypto -> master/keyring.env}, {@code master/keyring.env} is replaced (in its directory, its
 * backups beside it) and the link stays a link. Every write holds the file's exclusive lock ({@code
 * <file>.lock} beside the real file, for other processes, plus an in-JVM lock for other threads).
 *
 * <p>{@link #update} is the way to change a keyring file: it re-reads the file under the lock and
 * applies the change to what is there, so two rotations at once make {@code v3} and {@code v4}
 * instead of two {@code v3}s of which one is lost. Thread-safe.
 *
 * <pre>{@code
 * KeyringFile.write(Path.of(".env.crypto"), Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
 * KeyringFile.Updated u = KeyringFile.update(Path.of(".env.crypto"),
 *     k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));
 * System.out.println("backed up to " + u.backup() + ", now " + u.after());
 * }</pre>
 */
public final class KeyringFile {
  private KeyringFile() {}

  /**
   * Writes {@code keyring} to {@code file}, replacing any old file without a backup (creating the
   * directory if needed).
   *
   * @throws KeyringConfigException when the file cannot be written; an old file is then unchanged
   */
  public static void write(Path file, Keyring keyring) {
    byte[] content = content(keyring);
    Path target = KeyringPaths.writableTarget(requireFile(file));
    KeyringLock.holding(target, () -> writeTo(target, content));
  }

  /**
   * Writes {@code keyring} to {@code file}, which must not exist yet (checked under the lock, so
   * two {@code generate}s at once cannot both write).
   *
   * @throws KeyringConfigException when the file exists, or cannot be written
   */
  public static void createNew(Path file, Keyring keyring) {
    byte[] content = content(keyring);
    Path target = KeyringPaths.writableTarget(requireFile(file));
    KeyringLock.holding(
        target,
        () -> {
          if (Files.exists(target)) {
            throw new KeyringConfigException(
                "keyring file "
                    + file
                    + " already exists; add a version with 'fieldcrypt rotate', or replace it with"
                    + " 'fieldcrypt generate --force' (it is backed up first).");
          }
          return writeTo(target, content);
        });
  }

  /**
   * Backs the existing {@code file} up ({@link KeyringBackups}), then replaces it with {@code
   * keyring}, under the lock; what {@code generate --force} does. Prefer {@link #update}, which
   * builds the new keyring from the file as it is under the lock.
   *
   * @return the backup of the replaced file
   * @throws KeyringConfigException when there is no file, or a write fails (the file is then
   *     unchanged)
   */
  public static Path replace(Path file, Keyring keyring) {
    byte[] content = content(keyring);
    Path target = KeyringPaths.writableTarget(requireFile(file));
    return KeyringLock.holding(
        target,
        () -> {
          Path backup = KeyringBackups.copy(target, readExisting(file, target), Clock.systemUTC());
          writeTo(target, content);
          return backup;
        });
  }

  /**
   * Changes the keyring in {@code file}: under the lock, reads the file (without environment
   * overrides, which must not be copied into it), applies {@code change}, backs the file up and
   * writes the result. When {@code change} returns its argument itself, nothing is written nor
   * backed up. An exception from {@code change} leaves the file unchanged.
   *
   * @throws KeyringConfigException when the file is missing, invalid or readable by others, or a
   *     write fails
   * @throws InvalidArgumentException when {@code change} is null or returns null
   */
  public static Updated update(Path file, UnaryOperator<Keyring> change) {
    if (change == null) {
      throw new InvalidArgumentException("change must not be null");
    }
    Path target = KeyringPaths.writableTarget(requireFile(file));
    return KeyringLock.holding(
        target,
        () -> {
          byte[] old = readExisting(file, target);
          FilePermissions.requireOwnerOnly(file);
          Keyring before = DotenvKeySource.fromFileText(file, KeyringText.decode(file, old));
          Keyring after = change.apply(before);
          if (after == null) {
            throw new InvalidArgumentException("the change returned no keyring");
          }
          if (after == before) {
            return new Updated(before, before, null);
          }
          byte[] content = content(after);
          Path backup = KeyringBackups.copy(target, old, Clock.systemUTC());
          writeTo(target, content);
          return new Updated(before, after, backup);
        });
  }

  /**
   * What {@link #update} did: the keyring it read, the one it wrote, and the backup of the old
   * file, which is null when the change kept the keyring as it was (nothing was written).
   */
  public record Updated(Keyring before, Keyring after, Path backup) {
    /** Whether the file was rewritten. */
    public boolean changed() {
      return backup != null;
    }
  }

  private static Path requireFile(Path file) {
    if (file == null) {
      throw new InvalidArgumentException("file must not be null");
    }
    return file;
  }

  private static byte[] content(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
    return render(keyring).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] readExisting(Path file, Path target) {
    byte[] old = KeyringText.readBytesIfExists(target, "keyring file");
    if (old == null) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " does not exist; create one with 'fieldcrypt generate --env-file "
              + file
              + "'.");
    }
    return old;
  }

  private static Void writeTo(Path target, byte[] content) {
    AtomicFile.write(target, content);
    return null;
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
}
