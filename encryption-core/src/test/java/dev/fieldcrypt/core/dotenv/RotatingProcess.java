package dev.fieldcrypt.core.dotenv;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link KeyringFileConcurrencyTest}: {@code RotatingProcess FILE N READY GO}
 * creates the file READY, waits for the file GO (so that every process starts rotating at once),
 * then rotates the keyring file N times with {@link KeyringFile#update}, as {@code fieldcrypt
 * rotate} does.
 */
public final class RotatingProcess {
  private RotatingProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rotations = Integer.parseInt(args[1]);
    Files.createFile(Path.of(args[2]));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(Path.of(args[3])) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    for (int i = 0; i < rotations; i++) {
      KeyringFile.update(file, KeyringFileConcurrencyTest::rotate);
    }
  }
}
