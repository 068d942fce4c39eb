package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.options.DatabaseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands, in every output mode, and looks in what they printed and logged for the keys
 * and salts, and (for the job commands) the plaintexts, the ciphertexts and the database password.
 */
class NoKeyMaterialInOutputTest {
  private static final Pattern MATERIAL =
      Pattern.compile("(?m)^ENCRYPTION_(?:KEYS|SALT)__[^=]+=\"([^\"]+)\"");

  @TempDir Path dir;
  private final CliHarness cli = CliHarness.noTerminal();
  private final StringBuilder transcript = new StringBuilder();
  private final Set<String> secrets = new LinkedHashSet<>();

  private void run(String... args) throws IOException {
    CliHarness.Result r = cli.run(args);
    transcript.append(r.out()).append('\n').append(r.err()).append('\n');
    secrets.addAll(material()); // after every run: --cleanup-old deletes backups later
  }

  @Test
  void keysAndSalts_appearInNoOutputAndNoLog() throws IOException {
    String file = dir.resolve(".env.crypto").toString();
    String log = dir.resolve("all.log").toString();
    for (String[] extra : List.of(new String[] {"--logfile", log}, new String[] {"--verbose"})) {
      run(concat(new String[] {"generate", "--env-file", file, "--force", "--yes"}, extra));
      run(concat(new String[] {"rotate", "--env-file", file, "--yes"}, extra));
      run(concat(new String[] {"rotate", "--env-file", file, "--dry-run"}, extra));
      run(concat(new String[] {"rotate", "--env-file", file, "--no-activate", "--yes"}, extra));
      run(concat(new String[] {"activate", "--env-file", file, "--version", "v3", "--yes"}, extra));
      run(concat(new String[] {"list", "--env-file", file}, extra));
      run(concat(new String[] {"backup-config", "--env-file", file, "--cleanup-old"}, extra));
      run(concat(new String[] {"validate-config", "--env-file", file}, extra));
      run(
          concat(
              new String[] {"remove-versions", "--env-file", file, "--versions", "v1", "--yes"},
              extra));
      Path backup = newestBackup();
      run(
          concat(
              new String[] {
                "restore-config", "--env-file", file, "--backup-file", backup.toString(), "--yes"
              },
              extra));
    }
    // A broken file: validation and loading report problems about the very values.
    Files.writeString(
        Path.of(file),
        Files.readString(Path.of(file)).replace("ACTIVE_ENCRYPTION_VERSION=\"v2\"", ""));
    run("validate-config", "--env-file", file, "--logfile", log, "--verbose");
    run("list", "--env-file", file, "--logfile", log, "--verbose");
    run("rotate", "--env-file", file, "--yes", "--logfile", log, "--verbose");

    String everything = transcript + Files.readString(Path.of(log));

    assertThat(secrets).hasSizeGreaterThanOrEqualTo(8);
    assertThat(Files.readString(Path.of(log))).contains("AUDIT action=rotate");
    for (String secret : secrets) {
      assertThat(everything).doesNotContain(secret);
    }
  }

  @Test
  void jobCommands_showNoKeySaltPlaintextCiphertextOrDatabasePassword() throws IOException {
    JobsFixture fx = JobsFixture.postgres(dir).seed(200);
    String password =
        fx.db.password().isEmpty() ? "db-pass-" + System.nanoTime() : fx.db.password();
    CliHarness db =
        CliHarness.noTerminal().environment(Map.of(DatabaseOptions.PASSWORD_VARIABLE, password));
    fx.setRaw("otp", 3, "JBSWY3DPEHPK3PXP"); // a plaintext the job must not echo
    fx.setRaw("token", 4, fx.tampered("token", 4));
    Set<String> values = new LinkedHashSet<>(List.of("JBSWY3DPEHPK3PXP", password));
    for (long id = 1; id <= 200; id++) {
      values.add(JobsFixture.otpOf(id));
      values.add(JobsFixture.tokenOf(id));
    }
    values.addAll(ciphertexts(fx));
    fx.rotate();
    String log = dir.resolve("jobs.log").toString();
    long pending =
        fx.jobs()
            .create(
                dev.fieldcrypt.jobs.ReencryptTarget.of("secrets", "id").column("otp"),
                dev.fieldcrypt.jobs.JobOptions.defaults());
    for (String[] extra : List.of(new String[] {"--logfile", log}, new String[] {"--verbose"})) {
      run(db, concat(fx.onTarget("stats"), extra));
      run(db, concat(fx.onTarget("reencrypt", "--dry-run"), extra));
      run(db, concat(fx.onTarget("reencrypt", "--yes", "--batch-size", "50"), extra));
      run(db, concat(fx.args("list-jobs"), extra));
      run(db, concat(fx.args("pause-job", "--job-id", String.valueOf(pending)), extra));
      run(db, concat(fx.args("cancel-job", "--job-id", String.valueOf(pending), "--yes"), extra));
      run(db, concat(fx.args("cleanup-jobs", "--finished-older-than", "0", "--yes"), extra));
      run(db, concat(fx.onTarget("cleanup-keys", "--keep-versions", "1", "--yes"), extra));
      run(db, concat(fx.onTarget("stats"), extra));
      run(
          db,
          concat(
              new String[] {
                "list-jobs", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x?password=" + password
              },
              extra));
    }
    values.addAll(ciphertexts(fx));

    String everything = transcript + Files.readString(Path.of(log));

    assertThat(everything)
        .contains("AUDIT action=reencrypt-start")
        .contains("AUDIT action=cancel-job")
        .contains("refusing to remove v1")
        .contains("PLAINTEXT_VALUE")
        .contains("DECRYPTION_FAILED");
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(8);
    for (String secret : secrets) {
      assertThat(everything).doesNotContain(secret);
    }
    for (String value : values) {
      assertThat(everything).as("a value or the password").doesNotContain(value);
    }
  }

  private void run(CliHarness harness, String... args) throws IOException {
    CliHarness.Result r = harness.run(args);
    transcript.append(r.out()).append('\n').append(r.err()).append('\n');
    secrets.addAll(material());
  }

  /** Every stored ciphertext, whole and as its base64 body alone. */
  private static List<String> ciphertexts(JobsFixture fx) {
    List<String> out = new ArrayList<>();
    for (String column : List.of("otp", "token")) {
      for (String v : fx.values(column)) {
        if (v != null && v.indexOf(':') > 0) {
          out.add(v);
          out.add(v.substring(v.indexOf(':') + 1));
        }
      }
    }
    return out;
  }

  /** Every key and salt in the keyring file and its backups, as base64, url-base64 and hex. */
  private Set<String> material() throws IOException {
    Set<String> found = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p :
          files.filter(f -> f.getFileName().toString().startsWith(".env.crypto")).toList()) {
        Matcher m = MATERIAL.matcher(Files.readString(p));
        while (m.find()) {
          byte[] raw = Base64.getDecoder().decode(m.group(1));
          found.add(m.group(1));
          found.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
          found.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
          found.add(HexFormat.of().formatHex(raw));
        }
      }
    }
    return found;
  }

  private Path newestBackup() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().contains(".backup_"))
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
