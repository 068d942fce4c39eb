package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.output.Terminal;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Runs {@code fieldcrypt} in-process and captures what it prints. */
final class CliHarness {
  private Map<String, String> environment = Map.of();
  private Terminal terminal;
  final List<String> prompts = new ArrayList<>();

  /** The result of one run. */
  record Result(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    /** Asserts the exit code and exactly one {@code error:} line on stderr, no stack trace. */
    Result failsWith(int expectedCode, String... fragments) {
      assertThat(exitCode).as("exit code; err=%s", err).isEqualTo(expectedCode);
      assertThat(errLines()).as("stderr").hasSize(1);
      assertThat(err).startsWith("error: ").doesNotContain("\tat ").contains(fragments);
      return this;
    }

    Result succeeds() {
      assertThat(exitCode).as("exit code; out=%s err=%s", out, err).isZero();
      assertThat(err).isEmpty();
      return this;
    }
  }

  /** No terminal, empty environment: like CI. */
  /** Every key and salt of {@code k} in base64: what no command's output may hold. */
  static List<String> keyMaterial(Keyring k) {
    List<String> s = new ArrayList<>();
    for (KeyVersion v : k.versions()) {
      s.add(Base64.getEncoder().encodeToString(v.keyBytes(SecretKeyAccess.get())));
      s.add(Base64.getEncoder().encodeToString(v.saltBytes(SecretKeyAccess.get())));
    }
    return s;
  }

  static CliHarness noTerminal() {
    return new CliHarness();
  }

  /** A terminal that answers the prompts with {@code answers}, in order. */
  static CliHarness answering(String... answers) {
    CliHarness h = new CliHarness();
    Deque<String> queue = new ArrayDeque<>(List.of(answers));
    h.terminal =
        prompt -> {
          h.prompts.add(prompt);
          return queue.poll();
        };
    return h;
  }

  CliHarness environment(Map<String, String> env) {
    this.environment = env;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(terminal, environment, Clock.systemDefaultZone());
    int code = FieldcryptCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
