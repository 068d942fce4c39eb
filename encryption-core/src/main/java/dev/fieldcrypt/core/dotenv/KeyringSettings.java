package dev.fieldcrypt.core.dotenv;

import static dev.fieldcrypt.core.dotenv.KeyringNames.ACTIVE;
import static dev.fieldcrypt.core.dotenv.KeyringNames.KEYS;
import static dev.fieldcrypt.core.dotenv.KeyringNames.SALT;
import static dev.fieldcrypt.core.dotenv.KeyringNames.SALT_HASH;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keyring settings from a file and the environment, and the one set of checks and error texts
 * for them: {@link DotenvKeySource} throws the first problem, {@link KeyringValidator} reports them
 * all. Each problem names where the setting is (file:line, the environment, a secret file) and the
 * remedy, and quotes nothing read but what {@link KeyringNames} allows. Not thread-safe; one per
 * load or validation.
 */
final class KeyringSettings {
  /**
   * A setting: its value (null when the parser could not read it and said so), where messages say
   * it is ({@code /app/.env.crypto:3}, {@code environment}), and its origin for {@code list}.
   */
  record Setting(String name, String value, String where, String origin) {
    /** "at FILE:3", "in the environment". */
    String at() {
      return where.equals(ENVIRONMENT) ? "in the environment" : "at " + where;
    }
  }

  static final String ENVIRONMENT = "environment";

  private final String subject;
  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private Set<String> known = Set.of();
  private String active;

  /** {@code subject} names the whole keyring in problems without a line: the file, usually. */
  KeyringSettings(String subject) {
    this.subject = subject;
  }

  /** Adds the keyring settings of a parsed file and its problems; other names are ignored. */
  void addFile(Path file, DotenvParser.Parsed parsed) {
    addText(file.toString(), "file " + file, parsed);
  }

  /**
   * Adds the keyring settings of parsed dotenv text and its problems; {@code where} names the text
   * in messages ({@code where:line}), {@code origin} in {@code list}.
   */
  void addText(String where0, String origin, DotenvParser.Parsed parsed) {
    problems.addAll(parsed.problems());
    for (DotenvParser.Entry e : parsed.entries().values()) {
      String where = where0 + ":" + e.line();
      if (KeyringNames.isOurs(e.name())) {
        settings.put(e.name(), new Setting(e.name(), e.value(), where, origin));
      } else if (e.name().startsWith("ENCRYPTION_")) {
        problems.add(
            where
                + ": unknown ENCRYPTION_ setting"
                + KeyringNames.suggestion(e.name(), parsed.knownLabels())
                + "; "
                + KeyringNames.EXPECTED
                + ".");
      }
    }
  }

  /**
   * Adds the keyring settings of a store that keeps them as named fields (Vault, a JSON secret); an
   * unknown {@code ENCRYPTION_} field is a problem, other names are ignored.
   */
  void addFields(String subject, Map<String, String> fields) {
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String name = e.getKey();
      String where = subject + ", field " + (KeyringNames.isOurs(name) ? name : "?");
      if (KeyringNames.isOurs(name)) {
        settings.put(name, new Setting(name, e.getValue(), where, subject));
      } else if (name != null && name.startsWith("ENCRYPTION_")) {
        problems.add(
            subject
                + ": a field is an unknown ENCRYPTION_ setting"
                + KeyringNames.suggestion(name, Set.of())
                + "; "
                + KeyringNames.EXPECTED
                + ".");
      }
    }
  }

  /** Adds or overrides one setting (from the environment or a secret file). */
  void put(String name, String value, String where, String origin) {
    settings.put(name, new Setting(name, value, where, origin));
  }

  boolean isEmpty() {
    return settings.isEmpty();
  }

  /**
   * Checks every version and the active version.
   *
   * @param reportReusedKeys also report a key that two versions share (validation only: loading
   *     accepts it)
   * @return the keyring, or null when {@link #problems()} is not empty
   */
  Keyring check(boolean reportReusedKeys) {
    Setting activeSetting = settings.get(ACTIVE);
    String activeValue =
        activeSetting == null || activeSetting.value() == null
            ? null
            : activeSetting.value().strip();
    Map<String, List<Setting>> byLabel = new LinkedHashMap<>();
    for (Setting s : settings.values()) {
      String label = KeyringNames.label(s.name());
      if (label != null) {
        byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(s);
      }
    }
    known = KeyringNames.knownLabels(settings.keySet(), activeValue);
    List<KeyVersion> versions = new ArrayList<>();
    Map<String, String> origins = new LinkedHashMap<>();
    VersionMaterial material = new VersionMaterial(problems, reportReusedKeys);
    for (Map.Entry<String, List<Setting>> e : byLabel.entrySet()) {
      KeyVersion v = version(e.getKey(), e.getValue().get(0), material);
      if (v != null) {
        versions.add(v);
        origins.put(v.label(), settings.get(KEYS + v.label()).origin());
      }
    }
    if (byLabel.isEmpty()) {
      problems.add(subject + " holds no key version; create one with 'fieldcrypt generate'.");
    }
    checkActive(activeSetting, activeValue, byLabel.keySet());
    return problems.isEmpty() ? Keyring.of(active, versions, origins) : null;
  }

  private KeyVersion version(String label, Setting first, VersionMaterial material) {
    if (!KeyVersion.isValidLabel(label)) {
      problems.add(
          first.where()
              + ": invalid key version label in "
              + KeyringNames.family(first.name())
              + "<version> ("
              + label.length()
              + " characters): use 1 to 32 characters from A-Z a-z 0-9 . _ - (for example"
              + " 'v2').");
      return null;
    }
    if (!known.contains(label)) {
      problems.add(
          first.where()
              + ": "
              + KeyringNames.family(first.name())
              + "<version> here belongs to no key version: no other setting has its label (a"
              + " damaged or stray line?). Every version needs its key, salt and salt hash; restore"
              + " the keyring from a backup or remove the line.");
      return null;
    }
    Setting key = required(KEYS + label);
    Setting salt = required(SALT + label);
    Setting hash = required(SALT_HASH + label);
    if (key == null || salt == null || hash == null) {
      return null;
    }
    return material.check(label, key, salt, hash);
  }

  /** The setting, or null after reporting it missing or empty (or, if unreadable, silently). */
  private Setting required(String name) {
    Setting s = settings.get(name);
    if (s == null) {
      String label = KeyringNames.label(name);
      Setting other =
          settings.values().stream()
              .filter(o -> label.equals(KeyringNames.label(o.name())))
              .findFirst()
              .orElseThrow();
      problems.add(
          name
              + " is missing ("
              + other.name()
              + " is set "
              + other.at()
              + "); every key version needs its key, salt and salt hash. Restore the keyring from"
              + " a backup or remove the incomplete version.");
      return null;
    }
    if (s.value() != null && s.value().isBlank()) {
      problems.add(
          s.where()
              + ": "
              + name
              + " is empty; every key version needs its key, salt and salt hash. Restore the"
              + " keyring from a backup or remove the incomplete version.");
      return null;
    }
    return s.value() == null ? null : s;
  }

  private void checkActive(Setting setting, String value, Set<String> labels) {
    String known = this.known.isEmpty() ? "none" : String.join(", ", this.known);
    if (setting != null && value == null) {
      return; // its line is unreadable, which the parser reported
    }
    if (value == null || value.isEmpty()) {
      problems.add(
          (setting == null ? subject : setting.where())
              + ": no active key version: ACTIVE_ENCRYPTION_VERSION is not set; set it to one of: "
              + known
              + ".");
    } else if (!labels.contains(value)) {
      problems.add(
          setting.where()
              + ": ACTIVE_ENCRYPTION_VERSION names a version the keyring does not hold (it has "
              + known
              + "); set it to one of those, or add the missing version.");
    } else {
      active = value;
    }
  }

  /** The problems found, in the order found. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The labels messages may name, in order of appearance (after {@link #check}). */
  List<String> labels() {
    return List.copyOf(known);
  }

  /** The active version when it names a version present (after {@link #check}), else null. */
  String activeVersion() {
    return active;
  }
}
