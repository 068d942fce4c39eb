package dev.fieldcrypt.core.dotenv;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link EncryptedKeyringConcurrencyTest}: {@code EncryptedRotatingProcess FILE N
 * READY GO} creates READY, waits for GO, then rotates the encrypted keyring file N times under the
 * master key of its environment.
 */
public final class EncryptedRotatingProcess {
  private EncryptedRotatingProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rotations = Integer.parseInt(args[1]);
    MasterKey key = MasterKey.fromEnvironment(System.getenv());
    Files.createFile(Path.of(args[2]));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(Path.of(args[3])) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    for (int i = 0; i < rotations; i++) {
      EncryptedKeyringFile.update(file, key, KeyringFileConcurrencyTest::rotate);
    }
  }
}
