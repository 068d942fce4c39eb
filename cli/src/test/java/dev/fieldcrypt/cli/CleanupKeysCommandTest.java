package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.dotenv.KeyringBackups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupKeysCommandTest {
  @TempDir Path dir;

  @Test
  void cleanupKeys_removesAnUnusedVersion_andRefusesOneStillInUseWithItsRowCounts()
      throws IOException {
    // v1 holds the data, v2 was never used, v3 is active.
    JobsFixture fx = JobsFixture.postgres(dir).seed(100).rotate().rotate();

    CliHarness.Result r = fx.cli.run(fx.onTarget("cleanup-keys", "--keep-versions", "1", "--yes"));

    r.failsWith(
        ExitCodes.FAILURE,
        "refusing to remove v1 (used by 80 row(s) of secrets.otp, 100 row(s) of secrets.token)",
        "re-encrypt those rows first");
    assertThat(r.out())
        .contains("Keep (active and newest 1): v3")
        .contains("Keep (still in use): v1, used by 80 row(s) of secrets.otp")
        .contains("Remove (no row uses them): v2")
        .contains("[OK] Removed v2 from " + fx.keyringFile);
    assertThat(fx.keyring().labels()).containsExactly("v1", "v3");
    assertThat(KeyringBackups.of(fx.keyringFile).list()).hasSize(3); // two rotations, one cleanup
  }

  @Test
  void cleanupKeys_afterReencryption_removesTheOldVersion_withABackup() throws IOException {
    JobsFixture fx = JobsFixture.postgres(dir).seed(50).rotate();
    fx.cli.run(fx.onTarget("reencrypt", "--yes")).succeeds();
    byte[] before = Files.readAllBytes(fx.keyringFile);

    CliHarness.Result dry =
        fx.cli.run(fx.onTarget("cleanup-keys", "--keep-versions", "1", "--dry-run")).succeeds();
    assertThat(dry.out()).contains("[DRY-RUN] Would back up").contains("remove v1");
    assertThat(Files.readAllBytes(fx.keyringFile)).isEqualTo(before);

    CliHarness.Result r =
        fx.cli.run(fx.onTarget("cleanup-keys", "--keep-versions", "1", "--yes")).succeeds();

    assertThat(r.out())
        .contains("Values per version: v2 90")
        .contains(
            "[OK] Removed v1 from " + fx.keyringFile + "; it now holds active v2; versions v2");
    assertThat(fx.keyring().labels()).containsExactly("v2");
    assertThat(KeyringBackups.of(fx.keyringFile).list())
        .first()
        .satisfies(b -> assertThat(Files.readAllBytes(b)).isEqualTo(before));
    assertThat(fx.cipher().decrypt(fx.raw("otp", 1), "secrets.otp"))
        .isEqualTo(JobsFixture.otpOf(1));
  }

  @Test
  void cleanupKeys_keepsTheNewestVersions_andTheActiveOne() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5).rotate();
    fx.cli.run(fx.onTarget("reencrypt", "--yes")).succeeds();

    CliHarness.Result r = fx.cli.run(fx.onTarget("cleanup-keys", "--yes")).succeeds();

    assertThat(r.out())
        .contains("Keep (active and newest 3): v1, v2")
        .contains("[OK] Nothing to remove");
    assertThat(fx.keyring().labels()).containsExactly("v1", "v2");
  }

  @Test
  void cleanupKeys_noTerminalNoYes_refusesAndChangesNothing() throws IOException {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5).rotate();
    byte[] before = Files.readAllBytes(fx.keyringFile);

    fx.cli
        .run(fx.onTarget("cleanup-keys", "--keep-versions", "1"))
        .failsWith(ExitCodes.USAGE, "no terminal", "--yes");

    assertThat(Files.readAllBytes(fx.keyringFile)).isEqualTo(before);
  }

  @Test
  void cleanupKeys_badInput() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5).rotate();

    fx.cli
        .run(fx.onTarget("cleanup-keys", "--keep-versions", "0", "--yes"))
        .failsWith(ExitCodes.USAGE, "--keep-versions must be at least 1");
    fx.cli
        .run(fx.args("cleanup-keys", "--column", "otp", "--yes"))
        .failsWith(ExitCodes.USAGE, "--table");
    fx.cli
        .run(fx.args("cleanup-keys", "--table", "secrets", "--column", "nope", "--yes"))
        .failsWith(ExitCodes.FAILURE, "does not match the database");
    fx.cli
        .run(
            "cleanup-keys",
            "--env-file",
            dir.resolve("absent").toString(),
            "--jdbc-url",
            fx.db.url(),
            "--table",
            "secrets",
            "--column",
            "otp",
            "--yes")
        .failsWith(ExitCodes.FAILURE, "does not exist", "fieldcrypt generate");
    assertThat(fx.keyring().labels()).containsExactly("v1", "v2");
    assertThat(fx.versions("token")).isEqualTo(Map.of("v1", 5L));
  }
}
