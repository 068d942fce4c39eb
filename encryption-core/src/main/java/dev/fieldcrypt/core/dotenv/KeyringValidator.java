package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a keyring file and reports every problem it finds, where {@link DotenvKeySource} stops at
 * the first: file permissions, malformed or repeated lines, unknown settings, each version's label,
 * key length and salt length, salt hashes, and the active version.
 *
 * <p>Problems are one line each, naming the file (and line) and the remedy; never the key material.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * KeyringValidator.Report report = KeyringValidator.validate(Path.of(".env.crypto"));
 * report.problems().forEach(System.out::println);
 * }</pre>
 */
public final class KeyringValidator {
  private KeyringValidator() {}

  /** Validates the file alone, without environment overrides. */
  public static Report validate(Path file) {
    return validate(file, Map.of());
  }

  /**
   * Validates the file, then, if it has no problem, the keyring that the file and {@code
   * environment} give together, as {@link DotenvKeySource} loads it (so a report without problems
   * means the keyring loads).
   */
  public static Report validate(Path file, Map<String, String> environment) {
    KeyringFileCheck c = KeyringFileCheck.run(file);
    List<String> problems = new ArrayList<>(c.problems());
    if (problems.isEmpty()) {
      boolean overridden = hasKeyringSettings(environment);
      try {
        DotenvKeySource.builder()
            .file(file)
            .environment(overridden ? environment : Map.of())
            .build()
            .load();
      } catch (KeyringConfigException e) {
        problems.add((overridden ? "with the environment's overrides: " : "") + e.getMessage());
      }
    }
    return new Report(file, problems, c.activeVersion(), c.labels());
  }

  private static boolean hasKeyringSettings(Map<String, String> env) {
    for (String name : env.keySet()) {
      String base = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
      if (base.equals(DotenvKeySource.ACTIVE)
          || KeyringFileCheck.VERSIONED.matcher(base).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The outcome: the problems found (empty when the file is valid), the active version and the
   * version labels the file names (possibly invalid ones).
   */
  public record Report(
      Path file, List<String> problems, String activeVersion, List<String> versions) {
    public Report {
      problems = List.copyOf(problems);
      versions = List.copyOf(versions);
    }

    /** Whether no problem was found. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }
}
