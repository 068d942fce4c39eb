package dev.fieldcrypt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged demo jar as README tells a newcomer to, then the CLI command the demo prints at
 * its end, so that neither can rot.
 */
class DemoJarIT {
  @TempDir Path dir;

  @Test
  void theJarTellsTheWholeStoryAndTheCliCommandItPrintsWorks() throws Exception {
    Path jar = Path.of(System.getProperty("fieldcrypt.demo.jar", "target/fieldcrypt-demo.jar"));
    assertThat(jar).as("the demo jar (mvn package builds it)").exists();
    Result demo =
        exec(
            List.of(
                java(),
                "-jar",
                jar.toString(),
                "--dir",
                dir.toString(),
                "--users",
                "400",
                "--more-users",
                "100",
                "--batch-size",
                "50"),
            Path.of("."));
    assertThat(demo.exit).as(demo.output).isZero();
    assertThat(demo.output)
        .contains("1. A keyring", "Interrupted at", "Resuming job", "9. The end")
        .doesNotContain("Exception in thread");

    Matcher m =
        Pattern.compile("java -jar (cli/target/fieldcrypt\\.jar stats .*)").matcher(demo.output);
    assertThat(m.find()).as("the demo prints a stats command").isTrue();
    Path root = repositoryRoot();
    Path cliJar = root.resolve("cli/target/fieldcrypt.jar");
    assertThat(cliJar)
        .as("the CLI jar, built before this module by `mvn verify` from the repository root")
        .exists();
    List<String> command = new ArrayList<>(List.of(java(), "-jar"));
    command.addAll(shellWords(m.group(1)));
    Result stats = exec(command, root);
    assertThat(stats.exit).as(stats.output).isZero();
    assertThat(stats.output).contains("otp_secret").contains("v2").contains("v1");
  }

  @Test
  void badArgumentsExitWithTwoAndOneLine() throws Exception {
    Path jar = Path.of(System.getProperty("fieldcrypt.demo.jar", "target/fieldcrypt-demo.jar"));
    Result r = exec(List.of(java(), "-jar", jar.toString(), "--users", "lots"), Path.of("."));
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.output).startsWith("fieldcrypt demo: --users takes a whole number, got 'lots'");
  }

  @Test
  void anUnreachableDatabaseFailsWithOneLine() throws Exception {
    Path jar = Path.of(System.getProperty("fieldcrypt.demo.jar", "target/fieldcrypt-demo.jar"));
    Result r =
        exec(
            List.of(
                java(),
                "-jar",
                jar.toString(),
                "--dir",
                dir.toString(),
                "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"),
            Path.of("."));
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.output).contains("fieldcrypt demo failed:").doesNotContain("\tat ");
  }

  /** Splits on spaces, honouring single quotes (the demo quotes the JDBC URL). */
  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words;
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve(".ci/run"))) {
      p = p.getParent();
    }
    assertThat(p).as("repository root (the directory holding .ci/run)").isNotNull();
    return p;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Result exec(List<String> command, Path workDir)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private record Result(int exit, String output) {}
}
