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

  @Test
  void list_andValidateConfig_directory_sayItIsADirectoryInOneLine() throws Exception {
    Path d = java.nio.file.Files.createDirectories(dir.resolve("config"));
    String expected =
        d + " is a directory, not a keyring file; pass the file, e.g. " + d.resolve(".env.crypto");

    CliHarness.Result list = CliHarness.noTerminal().run("list", "--env-file", d.toString());
    CliHarness.Result validate =
        CliHarness.noTerminal().run("validate-config", "--env-file", d.toString());
    CliHarness.Result rotate =
        CliHarness.noTerminal().run("rotate", "--env-file", d.toString(), "--yes");

    list.failsWith(ExitCodes.FAILURE, expected);
    assertThat(list.errLines()).containsExactly("error: " + expected + ".");
    assertThat(validate.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(validate.out()).contains(expected).doesNotContain("not found");
    rotate.failsWith(ExitCodes.FAILURE, expected);
  }
}
