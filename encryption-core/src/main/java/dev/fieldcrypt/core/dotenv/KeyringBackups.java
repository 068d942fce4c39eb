package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backups of one keyring file: {@code <file>.backup_YYYYMMDD_HHMMSS} beside it (a {@code _n} suffix
 * when two are made in the same second), mode 600, byte-for-byte copies written atomically.
 * Timestamps are UTC so that names sort in creation order across daylight-saving changes. A file
 * that is a symbolic link is backed up beside the file it points to, under that file's name.
 *
 * <p>{@link #restore(Path)} validates a backup by loading it before it replaces anything, and backs
 * the current file up first, holding the file's lock as every rewrite does ({@link KeyringFile}).
 * Thread-safe.
 *
 * <pre>{@code
 * KeyringBackups backups = KeyringBackups.of(Path.of(".env.crypto"));
 * Path copy = backups.create();             // .env.crypto.backup_20250114_123456
 * backups.prune(5);                          // keep the five newest
 * backups.restore(copy);                     // validated, current file backed up first
 * }</pre>
 */
public final class KeyringBackups {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final int MAX_SAME_SECOND = 1000;

  private final Path file;
  private final Clock clock;

  private KeyringBackups(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Backups of {@code keyringFile}, timestamped by the system clock. */
  public static KeyringBackups of(Path keyringFile) {
    return of(keyringFile, Clock.systemUTC());
  }

  /** Backups of {@code keyringFile}, timestamped by {@code clock} (for tests). */
  public static KeyringBackups of(Path keyringFile, Clock clock) {
    if (keyringFile == null || keyringFile.getFileName() == null) {
      throw new InvalidArgumentException("keyringFile must name a file, was " + keyringFile);
    }
    if (clock == null) {
      throw new InvalidArgumentException("clock must not be null");
    }
    return new KeyringBackups(keyringFile.toAbsolutePath().normalize(), clock);
  }

  /** The keyring file these backups are of (absolute, as given: a link is not resolved). */
  public Path file() {
    return file;
  }

  /**
   * Copies the keyring file to a new backup, mode 600, atomically.
   *
   * @return the backup's path
   * @throws KeyringConfigException when the file is missing or cannot be read, or the copy fails
   */
  public Path create() {
    KeyringText.requireNotDirectory(file);
    Path target = KeyringPaths.target(file);
    return KeyringLock.holding(target, () -> copy(target, read(target, "keyring file"), clock));
  }

  /**
   * Writes {@code content} to a new backup of {@code target} (a real file, whose lock the caller
   * holds).
   */
  static Path copy(Path target, byte[] content, Clock clock) {
    String base = target.getFileName() + ".backup_" + STAMP.format(clock.instant());
    for (int n = 0; n < MAX_SAME_SECOND; n++) {
      Path backup = target.resolveSibling(n == 0 ? base : base + "_" + n);
      if (reserve(backup)) {
        // The empty placeholder holds the name; the atomic write then replaces it with the copy.
        AtomicFile.write(backup, content);
        return backup;
      }
    }
    throw new KeyringConfigException(
        "cannot pick a backup name for "
            + target
            + ": "
            + MAX_SAME_SECOND
            + " backups already exist for this second. Remove old ones with 'fieldcrypt"
            + " backup-config --cleanup-old'.");
  }

  /** The existing backups, newest first. */
  public List<Path> list() {
    Path target = KeyringPaths.target(file);
    Pattern name =
        Pattern.compile(
            Pattern.quote(target.getFileName().toString())
                + "\\.backup_(\\d{8}_\\d{6})(?:_(\\d+))?");
    List<Backup> found = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(target.getParent())) {
      for (Path p : dir) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) {
          found.add(new Backup(p, m.group(1), m.group(2) == null ? 0 : Long.parseLong(m.group(2))));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot list backups in " + target.getParent() + ": " + e.getClass().getSimpleName(), e);
    }
    found.sort(Backup.NEWEST_FIRST);
    return found.stream().map(Backup::path).toList();
  }

  /**
   * Deletes all but the {@code keep} newest backups.
   *
   * @return the deleted backups, newest first
   * @throws InvalidArgumentException when {@code keep < 1}
   */
  public List<Path> prune(int keep) {
    if (keep < 1) {
      throw new InvalidArgumentException("keep must be at least 1, was " + keep);
    }
    List<Path> all = list();
    List<Path> deleted = new ArrayList<>();
    for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
      try {
        Files.deleteIfExists(old);
        deleted.add(old);
      } catch (IOException e) {
        throw new KeyringConfigException(
            "cannot delete old backup "
                + old
                + " ("
                + e.getClass().getSimpleName()
                + "); "
                + deleted.size()
                + " older backups were deleted before it. Check the directory's permissions.",
            e);
      }
    }
    return deleted;
  }

  /**
   * Loads {@code backup} as a keyring file, without environment overrides, and compares it with the
   * current file: what a {@link #restore(Path)} would do.
   *
   * @throws KeyringConfigException when the backup is missing or is not a valid keyring
   */
  public RestorePreview preview(Path backup) {
    Path source = checkBackupPath(backup);
    Keyring restored = loadFileOnly(source, read(source, "backup file"));
    List<String> dropped = new ArrayList<>();
    boolean exists = Files.exists(file);
    if (exists) {
      try {
        Keyring current = loadFileOnly(file, read(file, "keyring file"));
        for (String label : current.labels()) {
          if (!restored.contains(label)) {
            dropped.add(label);
          }
        }
      } catch (KeyringConfigException e) {
        // The current file is broken (often the reason to restore); nothing to compare with.
      }
    }
    return new RestorePreview(source, restored, List.copyOf(dropped), exists);
  }

  /**
   * Replaces the keyring file with {@code backup}, holding the file's lock: validates the backup by
   * loading it, backs up the current file (when there is one), then writes the backup's bytes
   * atomically with mode 600.
   *
   * @throws KeyringConfigException when the backup is invalid (nothing is changed then), or a write
   *     fails
   */
  public Restored restore(Path backup) {
    Path source = checkBackupPath(backup);
    Path target = KeyringPaths.writableTarget(file);
    return KeyringLock.holding(
        target,
        () -> {
          byte[] content = read(source, "backup file");
          Keyring keyring = loadFileOnly(source, content);
          byte[] current = KeyringText.readBytesIfExists(target, "keyring file");
          Path previous = current == null ? null : copy(target, current, clock);
          AtomicFile.write(target, content);
          return new Restored(keyring, previous);
        });
  }

  private Path checkBackupPath(Path backup) {
    if (backup == null) {
      throw new InvalidArgumentException("backup must not be null");
    }
    Path source = backup.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new KeyringConfigException(
          "backup file "
              + backup
              + " does not exist. List the backups with 'ls "
              + file
              + ".backup_*'.");
    }
    if (KeyringPaths.target(source).equals(KeyringPaths.target(file))) {
      throw new KeyringConfigException(
          "the backup file " + backup + " is the keyring file itself; name one of its backups.");
    }
    return source;
  }

  /** The keyring in a file's bytes: no environment, whose overrides must not mask a broken file. */
  private static Keyring loadFileOnly(Path path, byte[] content) {
    FilePermissions.requireOwnerOnly(path);
    return DotenvKeySource.fromFileText(path, KeyringText.decode(path, content));
  }

  private static boolean reserve(Path backup) {
    try {
      Files.createFile(backup, AtomicFile.ownerOnly());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot create backup "
              + backup
              + " ("
              + e.getClass().getSimpleName()
              + "); check that the directory is writable.",
          e);
    }
  }

  private static byte[] read(Path path, String what) {
    byte[] content = KeyringText.readBytesIfExists(path, what);
    if (content == null) {
      throw new KeyringConfigException(
          what + " " + path + " does not exist; create one with 'fieldcrypt generate'.");
    }
    return content;
  }

  /**
   * What a restore would do: the backup's keyring, the versions of the current file it lacks
   * (values encrypted with those become unreadable), and whether a current file is replaced.
   */
  public record RestorePreview(
      Path backup, Keyring keyring, List<String> droppedVersions, boolean replacesExisting) {}

  /** A completed restore: the keyring now in the file and the backup of the file it replaced. */
  public record Restored(Keyring keyring, Path previousBackup) {
    /** Whether a previous file existed and was backed up. */
    public boolean hadPrevious() {
      return previousBackup != null;
    }
  }

  private record Backup(Path path, String stamp, long n) {
    static final Comparator<Backup> NEWEST_FIRST =
        Comparator.comparing(Backup::stamp).thenComparingLong(Backup::n).reversed();
  }
}
