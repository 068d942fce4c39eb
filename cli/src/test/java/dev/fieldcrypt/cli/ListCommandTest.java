package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
  @TempDir Path dir;

  private String file() {
    return dir.resolve(".env.crypto").toString();
  }

  @Test
  void list_showsVersionsActiveMarkAndOrigin() {
    CliHarness cli = CliHarness.noTerminal();
    cli.run("generate", "--env-file", file()).succeeds();
    cli.run("rotate", "--env-file", file(), "--yes").succeeds();

    CliHarness.Result r = cli.run("list", "--env-file", file()).succeeds();

    assertThat(r.out())
        .contains("Active version: v2")
        .contains("Versions (2):")
        .containsPattern("- v1 +from file " + java.util.regex.Pattern.quote(file()))
        .containsPattern("- v2 \\[ACTIVE\\] +from file");
  }

  @Test
  void list_environmentOverride_showsItsOrigin() {
    CliHarness.noTerminal().run("generate", "--env-file", file()).succeeds();

    CliHarness.Result r =
        CliHarness.noTerminal()
            .environment(
                Map.of("ENCRYPTION_KEYS__v1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
            .run("list", "--env-file", file())
            .succeeds();

    assertThat(r.out()).contains("from environment variable ENCRYPTION_KEYS__v1");
  }

  @Test
  void list_missingFile_failsNamingGenerate() {
    CliHarness.noTerminal()
        .run("list", "--env-file", file())
        .failsWith(ExitCodes.FAILURE, "not found", "fieldcrypt generate");
  }
}
