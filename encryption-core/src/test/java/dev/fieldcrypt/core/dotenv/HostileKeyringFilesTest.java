package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged keyring files, in every way a hand edit, a paste or a bad merge damages one: no message
 * of the loader or the validator, and nothing in a validation report, holds any 8 characters of a
 * key, a salt or a salt hash of the file.
 */
class HostileKeyringFilesTest {
  private static final int FRAGMENT = 8;
  private static final Pattern VALUE_LINE = Pattern.compile("([A-Z_a-z0-9.]+)=\"([^\"]*)\"");

  @TempDir Path dir;
  private Path file;
  private final List<String> secrets = new ArrayList<>();
  private List<String> lines;
  private int filesTried;

  @BeforeEach
  void writeGoodFile() throws IOException {
    file = dir.resolve(".env.crypto");
    List<KeyVersion> versions =
        List.of(
            KeyVersion.generate("v1"),
            KeyVersion.generate("v2", 24),
            KeyVersion.generate("v3", 32));
    KeyringFile.write(file, Keyring.of("v3", versions));
    Base64.Encoder b64 = Base64.getEncoder();
    for (KeyVersion v : versions) {
      secrets.add(b64.encodeToString(v.keyBytes(SecretKeyAccess.get())));
      secrets.add(b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
      secrets.add(v.saltHash());
    }
    lines = Files.readAllLines(file);
  }

  @Test
  void damagedFiles_neverQuoteASecretInAMessage() throws IOException {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = VALUE_LINE.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1);
      String value = m.group(2);
      int at = lines.get(i).indexOf('"') + 1;
      for (int cut = 0; cut <= value.length(); cut++) {
        String line = lines.get(i);
        // wrapped onto two lines, in every place, with each line break
        for (String nl : List.of("\n", "\r\n", "\r")) {
          tryWith(i, line.substring(0, at + cut) + nl + line.substring(at + cut));
        }
        // the file ends in the middle of the value
        tryContent(String.join("\n", lines.subList(0, i)) + "\n" + line.substring(0, at + cut));
        // a fragment of the value pasted as a name, a label, the active version
        String part = value.substring(0, cut);
        String rest = value.substring(cut);
        tryWith(i, part + "=\"" + rest + "\"");
        tryWith(i, rest + "=" + name);
        tryWith(i, name + part + "=\"" + rest + "\"");
        tryWith(i, "ENCRYPTION_KEYS__" + part + "=\"" + rest + "\"");
        tryWith(i, "ENCRYPTION_" + part + "=\"x\"");
        tryWith(0, "ACTIVE_ENCRYPTION_VERSION=\"" + part + "\"");
        tryWith(0, "ACTIVE_ENCRYPTION_VERSION=" + rest);
      }
      // broken quotes and separators
      tryWith(i, name + "=\"" + value);
      tryWith(i, name + "='" + value + "\"");
      tryWith(i, name + "=\"" + value + "\" trailing " + value);
      tryWith(i, name + "\"" + value + "\"");
      tryWith(i, name + ": \"" + value + "\"");
      tryWith(i, name + value + "\"");
      tryWith(i, value);
      tryWith(i, "export" + name + "=\"" + value + "\"");
      tryWith(i, name + "=\"" + value + "\"\n" + name + "=\"" + value + "\"");
      tryWith(i, name + "=\"" + value.substring(0, value.length() / 2) + "\"");
      tryWith(i, name + "=\"" + value.replace('A', '*') + "\"");
      tryWith(i, name + "=\"\"");
      tryWith(i, "");
    }
    assertThat(filesTried).isGreaterThan(2_000);
  }

  private void tryWith(int lineIndex, String replacement) throws IOException {
    List<String> damaged = new ArrayList<>(lines);
    damaged.set(lineIndex, replacement);
    tryContent(String.join("\n", damaged) + "\n");
  }

  private void tryContent(String content) throws IOException {
    filesTried++;
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Set<String> said = new LinkedHashSet<>();
    try {
      DotenvKeySource.builder().file(file).environment(Map.of()).build().load();
    } catch (KeyringConfigException e) {
      said.add(e.getMessage());
    }
    KeyringValidator.Report report = KeyringValidator.validate(file);
    said.addAll(report.problems());
    said.addAll(report.versions());
    if (report.activeVersion() != null) {
      said.add(report.activeVersion());
    }
    for (String message : said) {
      String leak = leakIn(message);
      if (leak != null) {
        fail(
            "a message quotes '"
                + leak
                + "' of a secret value:\n"
                + message
                + "\nfile:\n"
                + content);
      }
    }
  }

  private String leakIn(String message) {
    for (String secret : secrets) {
      for (int i = 0; i + FRAGMENT <= secret.length(); i++) {
        String fragment = secret.substring(i, i + FRAGMENT);
        if (message.contains(fragment)) {
          return fragment;
        }
      }
    }
    return null;
  }
}
