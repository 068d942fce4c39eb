package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a keyring file and reports every problem it finds, where {@link DotenvKeySource} stops at
 * the first: file permissions, malformed or repeated lines, unknown settings, each version's label,
 * key length and salt length, salt hashes, keys shared by two versions, and the active version.
 * Both use one parser and one set of checks, so a problem reads the same in either.
 *
 * <p>Problems are one line each, naming the file (and line) and the remedy; never the key material
 * nor anything else read from the file but a known setting name. Stateless and thread-safe.
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
    List<String> problems = new ArrayList<>();
    String content = read(file, problems);
    if (content == null) {
      return new Report(file, problems, null, List.of());
    }
    KeyringSettings settings = new KeyringSettings(file.toString());
    settings.addFile(file, DotenvParser.parse(content, file.toString()));
    settings.check(true);
    problems.addAll(settings.problems());
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
    return new Report(file, problems, settings.activeVersion(), settings.labels());
  }

  /** The file's text after checking its permissions, or null after reporting why there is none. */
  private static String read(Path file, List<String> problems) {
    String content;
    try {
      content = KeyringText.readIfExists(file);
    } catch (KeyringConfigException e) {
      problems.add(e.getMessage());
      return null;
    }
    if (content == null) {
      problems.add(
          "keyring file "
              + file
              + " not found; create it with 'fieldcrypt generate --env-file "
              + file
              + "' or restore it from a backup.");
      return null;
    }
    try {
      if (FilePermissions.isOpenToOthers(file)) {
        problems.add(
            file
                + " has mode "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                + ": its group or others can access the keys. Run 'chmod 600 "
                + file
                + "'.");
      }
    } catch (IOException | KeyringConfigException e) {
      problems.add("cannot read the permissions of " + file + "; check them by hand.");
    }
    return content;
  }

  private static boolean hasKeyringSettings(Map<String, String> env) {
    for (String name : env.keySet()) {
      String base = name.endsWith("_FILE") ? name.substring(0, name.length() - 5) : name;
      if (KeyringNames.isOurs(base)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The outcome: the problems found (empty when the file is valid), the active version (null unless
   * it names a version in the file) and the version labels the file names (those that at least two
   * settings, or the active version, use: a label only a damaged line has is not repeated here).
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
