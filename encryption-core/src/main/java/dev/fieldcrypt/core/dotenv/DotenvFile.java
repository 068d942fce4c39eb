package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeyringConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dotenv syntax of {@code .env.crypto}: {@code NAME=value}, {@code NAME="value"}, {@code
 * NAME='value'}, an optional {@code export} prefix, blank lines and {@code #} comments (also after
 * an unquoted or quoted value). Reports errors by file and line, never echoing the line's content,
 * which may hold a key.
 */
final class DotenvFile {
  private static final Pattern LINE =
      Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=\\s*(.*?)\\s*");

  /** A value and the line it was on. */
  record Entry(String value, int line) {}

  private DotenvFile() {}

  static Map<String, Entry> parse(String content, String fileName) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String raw = lines[i];
      String trimmed = raw.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(raw);
      if (!m.matches()) {
        throw new KeyringConfigException(
            fileName + ":" + lineNo + ": malformed line; expected NAME=value or a # comment.");
      }
      String name = m.group(1);
      String value = unquote(m.group(2), fileName, lineNo, name);
      Entry previous = entries.put(name, new Entry(value, lineNo));
      if (previous != null) {
        throw new KeyringConfigException(
            fileName
                + ":"
                + lineNo
                + ": "
                + name
                + " is set again (first set at line "
                + previous.line()
                + "); keep one of them.");
      }
    }
    return entries;
  }

  private static String unquote(String v, String fileName, int lineNo, String name) {
    if (v.isEmpty()) {
      return v;
    }
    char q = v.charAt(0);
    if (q == '"' || q == '\'') {
      int end = v.indexOf(q, 1);
      if (end < 0) {
        throw new KeyringConfigException(
            fileName + ":" + lineNo + ": the value of " + name + " opens a quote it never closes.");
      }
      String rest = v.substring(end + 1).strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        throw new KeyringConfigException(
            fileName
                + ":"
                + lineNo
                + ": unexpected text after the quoted value of "
                + name
                + "; put comments after a '#'.");
      }
      return v.substring(1, end);
    }
    int hash = v.indexOf(" #");
    return (hash >= 0 ? v.substring(0, hash) : v).strip();
  }
}
