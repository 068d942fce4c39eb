package dev.fieldcrypt.core.dotenv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of the dotenv syntax of a keyring file, for loading and validating alike: {@code
 * NAME=value}, {@code NAME="value"}, {@code NAME='value'}, an optional {@code export} prefix, blank
 * lines and {@code #} comments (also after a value). It never stops at a bad line: it returns the
 * lines it could read and one problem per bad line, by file and line, quoting no more of the file
 * than {@link KeyringNames} allows.
 */
final class DotenvParser {
  private static final Pattern LINE =
      Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=\\s*(.*?)\\s*");
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  /** A {@code NAME=value} line; {@code value} is null when it could not be read (reported). */
  record Entry(String name, String value, int line) {}

  /** The entries by name (the first line that set each) and the problems, in line order. */
  record Parsed(Map<String, Entry> entries, List<String> problems, Set<String> knownLabels) {}

  private enum Flaw {
    MALFORMED,
    UNCLOSED_QUOTE,
    TEXT_AFTER_QUOTE,
    REPEATED
  }

  /** A flawed line: what is wrong, its name (if any) and, when repeated, the first line. */
  private record Bad(int line, Flaw flaw, String name, int firstLine) {}

  private DotenvParser() {}

  static Parsed parse(String content, String file) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<Bad> bad = new ArrayList<>();
    String[] lines = LINE_BREAK.split(content, -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String trimmed = lines[i].strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(lines[i]);
      if (!m.matches()) {
        bad.add(new Bad(lineNo, Flaw.MALFORMED, null, 0));
        continue;
      }
      String name = m.group(1);
      Flaw flaw = quoteFlaw(m.group(2));
      if (flaw != null) {
        bad.add(new Bad(lineNo, flaw, name, 0));
      }
      Entry first = entries.get(name);
      if (first != null) {
        bad.add(new Bad(lineNo, Flaw.REPEATED, name, first.line()));
      } else {
        entries.put(name, new Entry(name, flaw == null ? unquote(m.group(2)) : null, lineNo));
      }
    }
    Entry active = entries.get(KeyringNames.ACTIVE);
    Set<String> known =
        KeyringNames.knownLabels(
            entries.keySet(),
            active == null || active.value() == null ? null : active.value().strip());
    List<String> problems = new ArrayList<>();
    for (Bad b : bad) {
      problems.add(file + ":" + b.line() + ": " + describe(b, known));
    }
    return new Parsed(entries, problems, known);
  }

  private static String describe(Bad b, Set<String> known) {
    boolean quote = b.name() != null && KeyringNames.isKnown(b.name(), known);
    switch (b.flaw()) {
      case MALFORMED:
        return "malformed line; expected NAME=value or a # comment.";
      case UNCLOSED_QUOTE:
        return quote
            ? "the value of "
                + b.name()
                + " opens a quote it never closes; keep the value on one"
                + " line and close the quote."
            : "a value opens a quote it never closes (a line wrapped in two?); keep each"
                + " NAME=\"value\" on one line and close the quote.";
      case TEXT_AFTER_QUOTE:
        return "unexpected text after the quoted value"
            + (quote ? " of " + b.name() : "")
            + "; put comments after a '#'.";
      default:
        return (quote ? b.name() + " is set again" : "a setting is set again")
            + " (first set at line "
            + b.firstLine()
            + "); keep one of them.";
    }
  }

  /** What is wrong with the quotes of a raw value, or null. */
  private static Flaw quoteFlaw(String v) {
    if (v.isEmpty() || (v.charAt(0) != '"' && v.charAt(0) != '\'')) {
      return null;
    }
    int end = v.indexOf(v.charAt(0), 1);
    if (end < 0) {
      return Flaw.UNCLOSED_QUOTE;
    }
    String rest = v.substring(end + 1).strip();
    return rest.isEmpty() || rest.startsWith("#") ? null : Flaw.TEXT_AFTER_QUOTE;
  }

  /** The value of a raw value without flaws: quotes removed, or a trailing " # comment" cut. */
  private static String unquote(String v) {
    if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
      return v.substring(1, v.indexOf(v.charAt(0), 1));
    }
    int hash = v.indexOf(" #");
    return (hash >= 0 ? v.substring(0, hash) : v).strip();
  }
}
