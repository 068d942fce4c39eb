package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the key commands, in every output mode, and looks for the keys and salts in what they wrote.
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
