package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsCommandTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void stats_countsValuesPerVersionPlaintextAndNulls_andJobs(String database) {
    JobsFixture fx = database.equals("h2") ? JobsFixture.h2(dir) : JobsFixture.postgres(dir);
    fx.seed(100).rotate();
    fx.setRaw("otp", 1, "not-encrypted");
    fx.setRaw("otp", 2, fx.cipher().encrypt("x", "secrets.otp"));
    fx.setRaw("token", 3, "v0:" + fx.raw("token", 3).substring(3));

    CliHarness.Result r = fx.cli.run(fx.onTarget("stats")).succeeds();

    assertThat(r.out())
        .contains("Target: secrets(id): otp, token")
        .contains("(active version v2; versions v1, v2)")
        .containsPattern("(?m)^VALUES +otp +token$")
        .containsPattern("(?m)^v1 +78 +99$")
        .containsPattern("(?m)^v2 \\[ACTIVE\\] +1 +0$")
        .containsPattern("(?m)^v0 \\[NOT IN KEYRING\\] +0 +1$")
        .containsPattern("(?m)^plaintext +1 +0$")
        .containsPattern("(?m)^null +20 +0$")
        .containsPattern("(?m)^rows +100 +100$")
        .contains("[INFO] 178 value(s) are not on the active version v2")
        .contains("[WARN] 1 value(s) use version v0, which the keyring does not hold")
        .contains("[INFO] 1 value(s) are not encrypted")
        .contains(
            "Jobs (all targets): pending 0, running 0, paused 0, finished 0, failed 0,"
                + " cancelled 0")
        .contains("Latest job of this target: none");
  }

  /**
   * The classification rule through the CLI: stats, a rotation and a plaintext migration agree on
   * every class of value (docs/format.md).
   */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void statsAndReencrypt_agreeOnEveryClassOfValue(String database) {
    JobsFixture fx = database.equals("h2") ? JobsFixture.h2(dir) : JobsFixture.postgres(dir);
    fx.seed(10).rotate();
    String body28 = java.util.Base64.getEncoder().encodeToString(new byte[28]);
    fx.setRaw("otp", 1, "v1:hello"); // damaged
    fx.setRaw("otp", 2, "v2:"); // damaged, under the active label
    fx.setRaw("otp", 3, "zz:" + body28); // unknown version
    fx.setRaw("otp", 4, "note:hello"); // plaintext
    fx.setRaw("otp", 6, fx.cipher().encrypt("moved", "secrets.token")); // copied, current label

    assertThat(fx.cli.run(fx.onTarget("stats")).succeeds().out())
        .containsPattern("(?m)^damaged +2 +0$")
        .containsPattern("(?m)^plaintext +1 +0$")
        .containsPattern("(?m)^zz \\[NOT IN KEYRING\\] +1 +0$")
        .contains("[WARN] 2 value(s) are damaged");

    assertThat(fx.cli.run(fx.onTarget("reencrypt", "--yes")).exitCode())
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(reasons(fx))
        .containsEntry("1", "MALFORMED_CIPHERTEXT")
        .containsEntry("2", "MALFORMED_CIPHERTEXT")
        .containsEntry("3", "UNKNOWN_VERSION")
        .containsEntry("4", "PLAINTEXT_VALUE")
        .doesNotContainKey("6");

    assertThat(fx.cli.run(fx.onTarget("reencrypt", "--yes", "--encrypt-plaintext")).exitCode())
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(reasons(fx))
        .containsEntry("1", "MALFORMED_CIPHERTEXT")
        .containsEntry("2", "MALFORMED_CIPHERTEXT")
        .containsEntry("3", "UNKNOWN_VERSION")
        .containsEntry("6", "DECRYPTION_FAILED")
        .doesNotContainKey("4");
    assertThat(fx.raw("otp", 1)).isEqualTo("v1:hello");
    assertThat(fx.cipher().decrypt(fx.raw("otp", 4), "secrets.otp")).isEqualTo("note:hello");
  }

  /** Row id → reason of the newest job's error rows. */
  private static java.util.Map<String, String> reasons(JobsFixture fx) {
    var jobs = fx.jobs();
    long id = jobs.list(null, 1).get(0).id();
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    jobs.errors(id, 100).forEach(e -> out.put(e.rowId(), e.reason()));
    return out;
  }

  @Test
  void stats_withoutAKeyring_countsButMarksNothing() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(10);
    String[] args = {
      "stats",
      "--env-file",
      dir.resolve("absent.env").toString(),
      "--table",
      "secrets",
      "--column",
      "otp,token"
    };
    // An explicit --env-file must exist...
    fx.cli
        .run(concat(args, fx.dbArgs().toArray(String[]::new)))
        .failsWith(ExitCodes.FAILURE, "absent.env");
    // ...while the default one is optional (the working directory has none).
    CliHarness.Result r =
        fx.cli
            .run(
                concat(
                    new String[] {"stats", "--table", "secrets", "--column", "otp,token"},
                    fx.dbArgs().toArray(String[]::new)))
            .succeeds();
    assertThat(r.out())
        .contains("Keyring: not read")
        .containsPattern("(?m)^v1 +8 +10$")
        .contains("Versions in use: v1");
  }

  @Test
  void stats_badInput() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(5);

    fx.cli.run(fx.args("stats", "--column", "otp")).failsWith(ExitCodes.USAGE, "--table");
    fx.cli
        .run(fx.args("stats", "--table", "secrets", "--column", "nope"))
        .failsWith(ExitCodes.FAILURE, "does not match the database", "nope");
    fx.cli
        .run(fx.args("stats", "--table", "secrets", "--id-column", "otp", "--column", "otp"))
        .failsWith(ExitCodes.USAGE, "is the id column");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
