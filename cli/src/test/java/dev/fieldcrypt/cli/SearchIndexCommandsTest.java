package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Normalization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --search-index}: a job rewrites and backfills the search index of a column. */
class SearchIndexCommandsTest {
  private static final BlindIndex SPEC =
      BlindIndex.of(64, Normalization.TRIM, Normalization.LOWERCASE);

  @TempDir Path dir;

  @Test
  void reencrypt_withSearchIndex_backfillsAndRewritesIt_statsCountsItsVersions() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(60);
    fx.db.execute("ALTER TABLE secrets ADD COLUMN otp_bidx VARCHAR(80)");
    fx.rotate();

    CliHarness.Result r =
        fx.cli
            .run(
                fx.args(
                    "reencrypt",
                    "--table",
                    "secrets",
                    "--column",
                    "otp",
                    "--search-index",
                    "otp=otp_bidx/64/TRIM+LOWERCASE",
                    "--yes"))
            .succeeds();
    assertThat(r.out())
        .contains("re-encrypted 48") // 60 rows, every 5th otp null
        .contains("Target: secrets(id): otp (search index otp_bidx)")
        .contains("--search-index otp=otp_bidx/64/TRIM+LOWERCASE");

    FieldCipher cipher = fx.cipher();
    List<String> values = fx.values("otp");
    List<String> indexes = fx.values("otp_bidx");
    for (int i = 0; i < values.size(); i++) {
      long id = i + 1;
      if (values.get(i) == null) {
        assertThat(indexes.get(i)).isNull();
      } else {
        assertThat(values.get(i)).startsWith("v2:");
        assertThat(indexes.get(i))
            .isEqualTo(cipher.blindIndex(JobsFixture.otpOf(id), "secrets.otp", SPEC));
      }
    }
    CliHarness.Result stats =
        fx.cli
            .run(
                fx.args(
                    "stats",
                    "--table",
                    "secrets",
                    "--column",
                    "otp",
                    "--search-index",
                    "otp=otp_bidx/64/TRIM+LOWERCASE"))
            .succeeds();
    assertThat(stats.out()).contains("otp_bidx");
  }

  @Test
  void badSearchIndexOptions_areUsageErrors() {
    JobsFixture fx = JobsFixture.h2(dir).seed(5);
    String[] base = fx.args("reencrypt", "--table", "secrets", "--column", "otp", "--yes");
    for (String[] bad :
        new String[][] {
          {"otp"},
          {"otp=otp_bidx/many"},
          {"otp=otp_bidx/64/UPPER"},
          {"otp=otp_bidx/4"},
          {"token=token_bidx"}
        }) {
      String[] args = java.util.Arrays.copyOf(base, base.length + 2);
      args[base.length] = "--search-index";
      args[base.length + 1] = bad[0];
      CliHarness.Result res = fx.cli.run(args);
      assertThat(res.exitCode()).as(bad[0]).isEqualTo(ExitCodes.USAGE);
      assertThat(res.err()).as(bad[0]).contains("--search-index").doesNotContain("Exception");
    }
  }
}
