package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.Argon2Params;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The backups of a remote keyring (Vault, a cloud store): encrypted keyring files named {@code
 * <store>.backup_YYYYMMDD_HHMMSS.enc} (UTC) in a directory, so that no plaintext copy of the keys
 * is ever written. {@code <store>} is the URI with every character outside {@code [A-Za-z0-9._-]}
 * replaced by {@code -}: {@code vault:secret/app} gives {@code vault-secret-app}.
 */
final class RemoteBackups {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_SAME_SECOND = 100;

  private final Path dir;
  private final String base;
  private final Clock clock;

  RemoteBackups(KeyringStore store, Path dir, Clock clock) {
    this.dir = dir != null ? dir : Path.of("");
    this.base = store.name().replaceAll("[^A-Za-z0-9._-]", "-") + ".backup_";
    this.clock = clock;
  }

  /** Writes {@code keyring} to a new backup under {@code key}; returns its path. */
  Path create(Keyring keyring, MasterKey key) {
    String stamp = STAMP.format(clock.instant());
    for (int n = 0; n < MAX_SAME_SECOND; n++) {
      Path backup = dir.resolve(base + stamp + (n == 0 ? "" : "_" + n) + ".enc");
      if (Files.exists(backup)) {
        continue;
      }
      try {
        EncryptedKeyringFile.createNew(backup, keyring, key, Argon2Params.DEFAULT);
        return backup;
      } catch (KeyringConfigException e) {
        if (!Files.exists(backup)) {
          throw e; // not a name taken meanwhile: a real failure
        }
      }
    }
    throw new CommandFailedException(
        ExitCodes.FAILURE,
        "cannot pick a backup name in "
            + dir.toAbsolutePath()
            + ": "
            + MAX_SAME_SECOND
            + " backups exist for this second.");
  }

  /** The backups of this store in the directory, newest first. */
  List<Path> list() {
    try (Stream<Path> files = Files.list(dir.toAbsolutePath())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(base))
          .filter(p -> p.getFileName().toString().endsWith(".enc"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the backups in " + dir.toAbsolutePath(), e);
    }
  }

  /** Deletes all but the newest {@code keep} backups; returns the deleted ones. */
  List<Path> prune(int keep) {
    List<Path> all = list();
    List<Path> deleted = new ArrayList<>();
    for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
      try {
        Files.deleteIfExists(old);
        deleted.add(old);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete old backup " + old, e);
      }
    }
    return deleted;
  }
}
