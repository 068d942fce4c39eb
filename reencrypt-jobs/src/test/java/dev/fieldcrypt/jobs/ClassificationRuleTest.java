package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the classification rule of docs/format.md, through {@code stats}, a rotation and a
 * plaintext migration, on H2 and PostgreSQL: the three agree on what each value is.
 */
class ClassificationRuleTest {
  private static final String BODY_28 = Base64.getEncoder().encodeToString(new byte[28]);
  private static final String BODY_27 = Base64.getEncoder().encodeToString(new byte[27]);

  private Fixture fx;
  private Map<Long, String> cases;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("classify")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  /** Row id → the otp value it holds; the token column holds a valid v1 ciphertext everywhere. */
  private Map<Long, String> cases() {
    if (cases != null) {
      return cases;
    }
    Map<Long, String> m = new LinkedHashMap<>();
    String good = fx.onV1.encrypt("secret", "secrets.otp");
    m.put(1L, good); // ciphertext of v1: re-encrypted
    m.put(2L, fx.onV2.encrypt("current", "secrets.otp")); // on the target version
    m.put(3L, "v1:hello"); // damaged
    m.put(4L, "v1:"); // damaged
    m.put(5L, "v3:" + BODY_27); // damaged: generated label, 27-byte body
    m.put(6L, good.replaceAll("=+$", "")); // damaged: the same body without its padding
    m.put(7L, "zz:" + BODY_28); // unknown version
    m.put(8L, "note:hello"); // plaintext with a colon
    m.put(9L, "hello"); // plaintext
    m.put(10L, fx.onV2.encrypt("moved", "secrets.token")); // v2 copied from another column
    m.put(11L, "v2:hello"); // damaged under the active label
    m.put(12L, null);
    cases = m;
    return m;
  }

  private void seed() {
    fx.seed(12);
    cases().forEach((id, v) -> fx.setRaw("otp", id, v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void stats_countsEachClassApart(String name, TestDatabase db) {
    fx = new Fixture(db);
    seed();
    assertThat(cases().get(1L)).endsWith("="); // so row 6 is its unpadded twin

    TargetStats otp = fx.jobs().stats(Fixture.TARGET).get(0);

    assertThat(otp.column()).isEqualTo("otp");
    assertThat(otp.rowsPerVersion()).isEqualTo(Map.of("v1", 1L, "v2", 2L, "zz", 1L));
    assertThat(otp.damagedRows()).isEqualTo(5);
    assertThat(otp.plaintextRows()).isEqualTo(2);
    assertThat(otp.nullRows()).isEqualTo(1);
    assertThat(otp.rows()).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rotation_reencryptsKnownVersions_andReportsTheRest(String name, TestDatabase db) {
    fx = new Fixture(db);
    seed();

    JobInfo job = fx.jobs().start(onlyOtp(), JobOptions.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(errors(job)).isEqualTo(expectedErrors(false));
    assertThat(fx.onV2.decrypt(fx.raw("otp", 1L), "secrets.otp")).isEqualTo("secret");
    // A rotation trusts a current label: the copied value is skipped without decrypting.
    assertThat(fx.raw("otp", 10L)).isEqualTo(cases().get(10L));
    assertThat(job.reencrypted()).isEqualTo(1);
    assertThat(job.skipped()).isEqualTo(3); // rows 2, 10 and the null
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void plaintextMigration_encryptsOnlyPlaintext_andAuthenticatesCurrentValues(
      String name, TestDatabase db) {
    fx = new Fixture(db);
    seed();

    JobInfo job = fx.jobs().start(onlyOtp(), JobOptions.builder().encryptPlaintext(true).build());

    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(errors(job)).isEqualTo(expectedErrors(true));
    assertThat(fx.onV2.decrypt(fx.raw("otp", 8L), "secrets.otp")).isEqualTo("note:hello");
    assertThat(fx.onV2.decrypt(fx.raw("otp", 9L), "secrets.otp")).isEqualTo("hello");
    // Damaged and unknown values are left exactly as they were, never encrypted as plaintext.
    for (long id : List.of(3L, 4L, 5L, 6L, 7L, 11L)) {
      assertThat(fx.raw("otp", id)).as("row %d", id).isEqualTo(cases().get(id));
    }
    // A second migration finds nothing new to do and reports the same rows.
    JobInfo again = fx.jobs().start(onlyOtp(), JobOptions.builder().encryptPlaintext(true).build());
    assertThat(again.reencrypted()).isZero();
    assertThat(errors(again)).isEqualTo(expectedErrors(true));
  }

  private static ReencryptTarget onlyOtp() {
    return ReencryptTarget.of(Fixture.TABLE, "id").column("otp");
  }

  private Map<String, String> errors(JobInfo job) {
    return fx.jobs().errors(job.id(), 100).stream()
        .collect(Collectors.toMap(JobError::rowId, JobError::reason, (a, b) -> a + "," + b));
  }

  private static Map<String, String> expectedErrors(boolean migration) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("3", "MALFORMED_CIPHERTEXT");
    m.put("4", "MALFORMED_CIPHERTEXT");
    m.put("5", "MALFORMED_CIPHERTEXT");
    m.put("6", "MALFORMED_CIPHERTEXT");
    m.put("7", "UNKNOWN_VERSION");
    m.put("11", "MALFORMED_CIPHERTEXT");
    if (migration) {
      m.put("10", "DECRYPTION_FAILED");
    } else {
      m.put("8", "PLAINTEXT_VALUE");
      m.put("9", "PLAINTEXT_VALUE");
    }
    return m;
  }
}
