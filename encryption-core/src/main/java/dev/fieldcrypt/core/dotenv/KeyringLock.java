package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The exclusive lock every rewrite of a keyring file holds: an OS file lock on {@code <file>.lock}
 * beside the real file (other processes), and an in-JVM lock (other threads: the JVM gives one file
 * lock per process, so threads would otherwise collide on it). Readers take no lock; they see the
 * old file or the new one, which {@link AtomicFile} guarantees.
 *
 * <p>A thread that holds the lock of a file may take it again (the action runs without waiting). A
 * lock not obtained within {@link #WAIT_SECONDS} fails with a message naming the lock file. The
 * lock file is empty, mode 600, and stays in place (deleting it would race with the next writer).
 */
final class KeyringLock {
  static final long WAIT_SECONDS = 60;
  private static final ReentrantLock[] STRIPES = new ReentrantLock[64];
  private static final ThreadLocal<Set<Path>> HELD = ThreadLocal.withInitial(HashSet::new);
  private static final Set<OpenOption> OPEN =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock(true);
    }
  }

  private KeyringLock() {}

  /** The lock file of a real target. */
  static Path lockFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".lock");
  }

  /** Runs {@code action} holding the lock of {@code target} (a {@link KeyringPaths#target}). */
  static <T> T holding(Path target, Supplier<T> action) {
    Set<Path> held = HELD.get();
    if (held.contains(target)) {
      return action.get();
    }
    ReentrantLock inJvm = STRIPES[Math.floorMod(target.hashCode(), STRIPES.length)];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    try {
      if (!inJvm.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw busy(target);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyringConfigException(
          "interrupted while waiting for the lock of " + target + "; the file is unchanged.", e);
    }
    try (FileChannel channel = FileChannel.open(lockFile(target), OPEN, AtomicFile.ownerOnly())) {
      acquire(channel, target, deadline); // released when the channel closes
      held.add(target);
      try {
        return action.get();
      } finally {
        held.remove(target);
      }
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot lock "
              + target
              + " through "
              + lockFile(target)
              + " ("
              + e.getClass().getSimpleName()
              + "); the directory must be writable to rewrite the keyring. The file is unchanged.",
          e);
    } finally {
      inJvm.unlock();
    }
  }

  private static FileLock acquire(FileChannel channel, Path target, long deadline)
      throws IOException {
    long pause = 2;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // another thread of this JVM on a path that resolves to the same file: wait as for others
      }
      if (System.nanoTime() > deadline) {
        throw busy(target);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KeyringConfigException(
            "interrupted while waiting for the lock of " + target + "; the file is unchanged.", e);
      }
      pause = Math.min(pause * 2, 50);
    }
  }

  private static KeyringConfigException busy(Path target) {
    return new KeyringConfigException(
        "another process has held the lock of "
            + target
            + " ("
            + lockFile(target)
            + ") for "
            + WAIT_SECONDS
            + " s; wait for it to finish, or find a stuck fieldcrypt process. The file is"
            + " unchanged.");
  }
}
