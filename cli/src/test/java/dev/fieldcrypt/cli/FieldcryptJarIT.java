package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code target/fieldcrypt.jar} as operators do: {@code java -jar}. */
class FieldcryptJarIT {
  private static Path jar;
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("fieldcrypt.jar", "target/fieldcrypt.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar; run 'mvn verify'").isRegularFile();
  }

  private Run fieldcrypt(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path out = dir.resolve(".stdout");
    Path err = dir.resolve(".stderr");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fieldcrypt finished").isTrue();
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void lifecycle_generateRotateListValidateBackup_throughTheJar() throws Exception {
    Run gen = fieldcrypt("generate", "--logfile", "");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    assertThat(gen.err()).isEmpty();
    assertThat(gen.out()).contains("[OK] Keyring written to .env.crypto");

    Run rotate = fieldcrypt("rotate", "--yes");
    assertThat(rotate.exitCode()).as(rotate.err()).isZero();

    Run list = fieldcrypt("list");
    assertThat(list.out()).contains("Active version: v2").contains("v2 [ACTIVE]");

    assertThat(fieldcrypt("validate-config").exitCode()).isZero();
    assertThat(fieldcrypt("backup-config", "--cleanup-old", "--keep-backups", "1").exitCode())
        .isZero();

    assertThat(Keyring.load(dir.resolve(".env.crypto")).activeVersion()).isEqualTo("v2");
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anySatisfy(n -> assertThat(n).matches("fieldcrypt_\\d{8}_\\d{6}\\.log"));
      assertThat(names.stream().filter(n -> n.startsWith(".env.crypto.backup_"))).hasSize(1);
    }
  }

  @Test
  void badUsageAndNoTerminal_giveOneLineAndTheRightExitCode() throws Exception {
    Run unknown = fieldcrypt("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err().lines()).singleElement().asString().contains("unknown command");

    assertThat(fieldcrypt("generate").exitCode()).isZero();
    Run noTty = fieldcrypt("rotate");
    assertThat(noTty.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noTty.err().lines()).singleElement().asString().contains("--yes");

    Run missing = fieldcrypt("list", "--env-file", "absent.env");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.err().lines()).singleElement().asString().startsWith("error: ");
  }

  @Test
  void version_andHelp() throws Exception {
    Run version = fieldcrypt("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("fieldcrypt 0.").doesNotContain("unknown");

    Run help = fieldcrypt("rotate", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--new-version", "--[no-]persist", "--dry-run", "--yes");
    assertThat(help.err()).isEmpty();
  }
}
