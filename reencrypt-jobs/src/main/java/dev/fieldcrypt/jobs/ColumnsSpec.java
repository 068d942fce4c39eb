package dev.fieldcrypt.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns and contexts of a job's target as stored in {@code reencrypt_jobs.columns_spec}: a
 * JSON object {@code {"column":"context",…}} in target order, which round-trips any string
 * (backslashes, quotes, {@code =}, commas, newlines, any Unicode). Specs stored before, one {@code
 * column=context} line each, are still read.
 */
final class ColumnsSpec {
  private ColumnsSpec() {}

  static String write(Map<String, String> columns) {
    StringBuilder sb = new StringBuilder("{");
    columns.forEach(
        (column, context) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          quote(sb, column).append(':');
          quote(sb, context);
        });
    return sb.append('}').toString();
  }

  /** Column → context, in stored order. */
  static Map<String, String> read(String spec) {
    return spec.startsWith("{") ? new Parser(spec).object() : legacy(spec);
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /** The line format of the first release: {@code column=context}, {@code \\} and {@code \n}. */
  private static Map<String, String> legacy(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : spec.split("\n")) {
      if (!line.isEmpty()) {
        int eq = line.indexOf('=');
        out.put(
            line.substring(0, eq),
            line.substring(eq + 1).replace("\\n", "\n").replace("\\\\", "\\"));
      }
    }
    return out;
  }

  /** Reads exactly what {@link #write} writes: one flat object of strings. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, String> object() {
      Map<String, String> out = new LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        i++;
        return out;
      }
      while (true) {
        String key = string();
        expect(':');
        out.put(key, string());
        char c = next();
        if (c == '}') {
          return out;
        }
        if (c != ',') {
          throw bad();
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw bad();
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw bad();
        }
      }
    }

    private void expect(char c) {
      if (next() != c) {
        throw bad();
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw bad();
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private ReencryptJobException bad() {
      return new ReencryptJobException(
          "the columns of a job in reencrypt_jobs.columns_spec cannot be read (at character "
              + i
              + "); the row was changed by hand: cancel the job and start a new one");
    }
  }
}
