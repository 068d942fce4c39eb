package dev.fieldcrypt.cli;

import dev.fieldcrypt.cli.output.Terminal;
import java.time.Clock;
import java.util.Map;

/**
 * What a command gets from the process instead of reaching for globals: the terminal for prompts
 * (null when there is none), the environment (keyring overrides) and the clock (names of backups,
 * logs and operation ids). Tests pass their own.
 */
public record CliContext(Terminal terminal, Map<String, String> environment, Clock clock) {
  public CliContext {
    environment = Map.copyOf(environment);
  }

  public static CliContext system() {
    return new CliContext(Terminal.system(), System.getenv(), Clock.systemDefaultZone());
  }
}
