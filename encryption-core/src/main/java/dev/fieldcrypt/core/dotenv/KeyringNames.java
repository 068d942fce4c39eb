package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyVersion;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the keyring settings, and which of them a message may quote.
 *
 * <p>A message about a keyring file quotes nothing read from it but a known variable name: {@code
 * ACTIVE_ENCRYPTION_VERSION}, or {@code ENCRYPTION_KEYS__v2} and its siblings when {@code v2} is a
 * valid label that at least two of a version's three settings use, or that the active version
 * names. A damaged line (a key wrapped onto the next line, a name pasted into a value) yields names
 * that no other line shares, so a fragment of a key never reaches a message as a "name".
 */
final class KeyringNames {
  static final String ACTIVE = "ACTIVE_ENCRYPTION_VERSION";
  static final String KEYS = "ENCRYPTION_KEYS__";
  static final String SALT = "ENCRYPTION_SALT__";
  static final String SALT_HASH = "ENCRYPTION_SALT_HASH__";
  static final String EXPECTED =
      "expected ACTIVE_ENCRYPTION_VERSION, ENCRYPTION_KEYS__<version>, ENCRYPTION_SALT__<version>"
          + " or ENCRYPTION_SALT_HASH__<version>";

  private static final Pattern VERSIONED =
      Pattern.compile(
          "(ENCRYPTION_KEYS|ENCRYPTION_SALT|ENCRYPTION_SALT_HASH)__(.*)", Pattern.DOTALL);

  private KeyringNames() {}

  /** Whether {@code name} is a keyring setting (any label, valid or not). */
  static boolean isOurs(String name) {
    return name.equals(ACTIVE) || VERSIONED.matcher(name).matches();
  }

  /** The label of a versioned setting, or null. */
  static String label(String name) {
    Matcher m = VERSIONED.matcher(name);
    return m.matches() ? m.group(2) : null;
  }

  /** {@code ENCRYPTION_KEYS__} for {@code ENCRYPTION_KEYS__v2}; null when not versioned. */
  static String family(String name) {
    Matcher m = VERSIONED.matcher(name);
    return m.matches() ? m.group(1) + "__" : null;
  }

  /**
   * The labels messages may quote: valid labels that two of the three settings use, or that {@code
   * activeValue} (stripped, may be null) names.
   */
  static Set<String> knownLabels(Collection<String> names, String activeValue) {
    Map<String, Integer> uses = new LinkedHashMap<>();
    for (String name : names) {
      String label = label(name);
      if (label != null) {
        uses.merge(label, 1, Integer::sum);
      }
    }
    Set<String> known = new LinkedHashSet<>();
    uses.forEach(
        (label, n) -> {
          if (KeyVersion.isValidLabel(label) && (n >= 2 || label.equals(activeValue))) {
            known.add(label);
          }
        });
    return known;
  }

  /** Whether a message may quote {@code name}. */
  static boolean isKnown(String name, Set<String> knownLabels) {
    String label = label(name);
    return name.equals(ACTIVE) || (label != null && knownLabels.contains(label));
  }

  /**
   * " (did you mean ENCRYPTION_KEYS__v2?)" for a misspelled {@code ENCRYPTION_KEY__v2} whose label
   * is known, else "".
   */
  static String suggestion(String unknownName, Set<String> knownLabels) {
    int sep = unknownName.lastIndexOf("__");
    if (sep < 0 || !knownLabels.contains(unknownName.substring(sep + 2))) {
      return "";
    }
    String kind = unknownName.substring(0, sep);
    String family =
        kind.contains("HASH")
            ? SALT_HASH
            : kind.contains("SALT") ? SALT : kind.contains("KEY") ? KEYS : null;
    return family == null ? "" : " (did you mean " + family + unknownName.substring(sep + 2) + "?)";
  }
}
