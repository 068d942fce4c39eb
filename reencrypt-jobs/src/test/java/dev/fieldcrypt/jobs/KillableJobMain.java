package dev.fieldcrypt.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import java.nio.file.Path;

/**
 * Runs one job in a JVM of its own, slowly, printing its progress, so that a test can kill it with
 * {@code kill -9} in the middle. Arguments: jdbc url, user, keyring file, job id.
 */
public final class KillableJobMain {
  private KillableJobMain() {}

  public static void main(String[] args) throws Exception {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(args[0]);
    cfg.setUsername(args[1]);
    cfg.setPassword("");
    cfg.setMaximumPoolSize(4);
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      FieldCipher cipher = FieldCipher.create(Keyring.load(Path.of(args[2])));
      ReencryptJobs jobs = ReencryptJobs.create(ds, cipher);
      jobs.resume(
          Long.parseLong(args[3]),
          JobOptions.builder()
              .batchSize(50)
              .commitEvery(50)
              .progress(
                  p -> {
                    System.out.println("PROGRESS " + p.processed());
                    System.out.flush();
                    try {
                      Thread.sleep(15);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  })
              .build());
      System.out.println("DONE");
    }
  }
}
