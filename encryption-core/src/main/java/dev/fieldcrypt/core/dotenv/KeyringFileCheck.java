package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One validation run of a keyring file for {@link KeyringValidator}: collects, never throws. */
final class KeyringFileCheck {
  static final Pattern VERSIONED =
      Pattern.compile("(ENCRYPTION_KEYS|ENCRYPTION_SALT|ENCRYPTION_SALT_HASH)__(.*)");

  private final Path file;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, DotenvFile.Entry> entries = new LinkedHashMap<>();
  private final Map<String, Integer> firstLines = new LinkedHashMap<>();
  private final Set<String> labels = new LinkedHashSet<>();
  private final Map<String, byte[]> keys = new LinkedHashMap<>();
  private String active;

  private KeyringFileCheck(Path file) {
    this.file = file;
  }

  static KeyringFileCheck run(Path file) {
    KeyringFileCheck c = new KeyringFileCheck(file);
    c.check();
    return c;
  }

  private void check() {
    if (!Files.isRegularFile(file)) {
      problems.add(
          "keyring file "
              + file
              + " not found; create it with 'fieldcrypt generate --env-file "
              + file
              + "' or restore it from a backup.");
      return;
    }
    checkPermissions();
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add("cannot read " + file + " (" + e.getClass().getSimpleName() + ").");
      return;
    }
    parse(content);
    if (labels.isEmpty()) {
      problems.add(file + " holds no key version; create one with 'fieldcrypt generate'.");
    }
    for (String label : labels) {
      checkVersion(label);
    }
    checkActive();
  }

  private void checkPermissions() {
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
  }

  private void parse(String content) {
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Map<String, DotenvFile.Entry> one;
      try {
        // Parsed one line at a time with the reader's own grammar, so one bad line does not
        // hide the next; the blank lines in front keep its line number right.
        one = DotenvFile.parse("\n".repeat(i) + lines[i], file.toString());
      } catch (KeyringConfigException e) {
        problems.add(e.getMessage());
        continue;
      }
      for (Map.Entry<String, DotenvFile.Entry> e : one.entrySet()) {
        accept(e.getKey(), e.getValue());
      }
    }
  }

  private void accept(String name, DotenvFile.Entry entry) {
    Integer first = firstLines.putIfAbsent(name, entry.line());
    if (first != null) {
      problems.add(
          where(entry)
              + ": "
              + name
              + " is set again (first set at line "
              + first
              + "); keep one of them.");
      return;
    }
    Matcher m = VERSIONED.matcher(name);
    if (name.equals(DotenvKeySource.ACTIVE) || m.matches()) {
      entries.put(name, entry);
      if (m.matches()) {
        labels.add(m.group(2));
      }
    } else if (name.startsWith("ENCRYPTION_")) {
      problems.add(
          where(entry)
              + ": unknown setting "
              + name
              + "; expected ACTIVE_ENCRYPTION_VERSION, ENCRYPTION_KEYS__<version>,"
              + " ENCRYPTION_SALT__<version> or ENCRYPTION_SALT_HASH__<version>.");
    }
  }

  private void checkVersion(String label) {
    if (!KeyVersion.isValidLabel(label)) {
      problems.add(
          file
              + ": invalid key version label '"
              + label
              + "': use 1 to 32 characters from A-Z a-z 0-9 . _ - (for example 'v2').");
    }
    byte[] key = decoded(DotenvKeySource.KEYS + label);
    if (key != null && key.length != KeyVersion.KEY_BYTES) {
      problems.add(
          at(DotenvKeySource.KEYS + label)
              + " is "
              + key.length
              + " bytes; AES-256 needs exactly "
              + KeyVersion.KEY_BYTES
              + ". Restore it from a backup, or rotate to a new version.");
    }
    if (key != null) {
      checkReusedKey(label, key);
    }
    byte[] salt = decoded(DotenvKeySource.SALT + label);
    if (salt != null
        && (salt.length < KeyVersion.MIN_SALT_BYTES || salt.length > KeyVersion.MAX_SALT_BYTES)) {
      problems.add(
          at(DotenvKeySource.SALT + label)
              + " is "
              + salt.length
              + " bytes; a salt must be "
              + KeyVersion.MIN_SALT_BYTES
              + " to "
              + KeyVersion.MAX_SALT_BYTES
              + " bytes. Restore it from a backup.");
    }
    String hash = value(DotenvKeySource.SALT_HASH + label);
    if (salt != null && hash != null && !hashMatches(salt, hash)) {
      problems.add(
          at(DotenvKeySource.SALT_HASH + label)
              + " does not match the SHA-256 of the salt (salt integrity check failed for"
              + " version '"
              + label
              + "'); the salt or its hash was altered. Restore the keyring from a backup.");
    }
  }

  private void checkReusedKey(String label, byte[] key) {
    for (Map.Entry<String, byte[]> other : keys.entrySet()) {
      if (MessageDigest.isEqual(other.getValue(), key)) {
        problems.add(
            at(DotenvKeySource.KEYS + label)
                + " is the same key as version '"
                + other.getKey()
                + "'; every version needs its own key. Rotate to a newly generated version.");
        return;
      }
    }
    keys.put(label, key);
  }

  private void checkActive() {
    DotenvFile.Entry entry = entries.get(DotenvKeySource.ACTIVE);
    String value = entry == null ? "" : entry.value().strip();
    if (value.isEmpty()) {
      problems.add(
          file
              + ": ACTIVE_ENCRYPTION_VERSION is not set; set it to one of: "
              + (labels.isEmpty() ? "(no versions)" : String.join(", ", labels))
              + ".");
      return;
    }
    active = value;
    if (!labels.contains(value)) {
      problems.add(
          where(entry)
              + ": the active version '"
              + value
              + "' is not in the file (it has "
              + (labels.isEmpty() ? "none" : String.join(", ", labels))
              + "); set ACTIVE_ENCRYPTION_VERSION to one of those.");
    }
  }

  /** The decoded value, or null after reporting it missing or not base64. */
  private byte[] decoded(String name) {
    String v = value(name);
    if (v == null) {
      return null;
    }
    try {
      return (v.indexOf('-') >= 0 || v.indexOf('_') >= 0
              ? Base64.getUrlDecoder()
              : Base64.getDecoder())
          .decode(v);
    } catch (IllegalArgumentException e) {
      problems.add(at(name) + " is not valid base64; restore it from a backup.");
      return null;
    }
  }

  /** The stripped value, or null after reporting it missing. */
  private String value(String name) {
    DotenvFile.Entry e = entries.get(name);
    if (e == null || e.value().isBlank()) {
      problems.add(
          file
              + ": "
              + name
              + " is missing; every key version needs its key, salt and salt hash. Restore the"
              + " keyring from a backup or remove the incomplete version.");
      return null;
    }
    return e.value().strip();
  }

  private static boolean hashMatches(byte[] salt, String hash) {
    byte[] expected =
        java.util.HexFormat.of().formatHex(sha256(salt)).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new KeyringConfigException("this Java runtime has no SHA-256", e);
    }
  }

  /** "file:line: NAME" of a setting that is present. */
  private String at(String name) {
    return where(entries.get(name)) + ": " + name;
  }

  private String where(DotenvFile.Entry entry) {
    return file + ":" + entry.line();
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  List<String> labels() {
    return List.copyOf(labels);
  }

  String activeVersion() {
    return active;
  }
}
