package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.jobs.ReencryptTarget.SearchIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns and contexts of a job's target as stored in {@code reencrypt_jobs.columns_spec}: a
 * JSON object {@code {"column":"context",…}} in target order, which round-trips any string
 * (backslashes, quotes, {@code =}, commas, newlines, any Unicode). Specs stored before, one {@code
 * column=context} line each, are still read.
 *
 * <p>A searchable column is followed by an entry for its blind index: key {@code "@index:column"}
 * (no column name starts with {@code @}), value {@code "indexColumn/bits/STEP+STEP"}, the
 * normalization steps by their {@link Normalization} names in that enum's order, none after an
 * empty last part: {@code {"email":"users.email","@index:email":"email_bidx/32/TRIM+LOWERCASE"}}. A
 * spec without such entries (every spec stored before indexes existed) reads as before; an older
 * release reading a spec with them refuses the {@code @index:} name as a column instead of running
 * the job without its index.
 */
final class ColumnsSpec {
  /** The key prefix of an index entry. */
  static final String INDEX_KEY = "@index:";

  private ColumnsSpec() {}

  /** A stored spec: column → context and column → its index, both in stored order. */
  record Parsed(Map<String, String> columns, Map<String, SearchIndex> indexes) {}

  static String write(Map<String, String> columns) {
    return write(columns, Map.of());
  }

  static String write(Map<String, String> columns, Map<String, SearchIndex> indexes) {
    StringBuilder sb = new StringBuilder("{");
    columns.forEach(
        (column, context) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          quote(sb, column).append(':');
          quote(sb, context);
          SearchIndex ix = indexes.get(column);
          if (ix != null) {
            sb.append(',');
            quote(sb, INDEX_KEY + column).append(':');
            quote(sb, ReencryptTarget.index(ix));
          }
        });
    return sb.append('}').toString();
  }

  /** Column → context, in stored order (index entries left out). */
  static Map<String, String> read(String spec) {
    return parse(spec).columns();
  }

  /** Columns, contexts and indexes. */
  static Parsed parse(String spec) {
    if (!spec.startsWith("{")) {
      return new Parsed(legacy(spec), Map.of());
    }
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, SearchIndex> indexes = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new Parser(spec).object().entrySet()) {
      if (!e.getKey().startsWith(INDEX_KEY)) {
        columns.put(e.getKey(), e.getValue());
        continue;
      }
      String column = e.getKey().substring(INDEX_KEY.length());
      if (!columns.containsKey(column)) {
        throw unreadable("an index of the unknown column " + column);
      }
      indexes.put(column, index(e.getValue()));
    }
    return new Parsed(columns, indexes);
  }

  /** The inverse of {@link ReencryptTarget#index}. */
  private static SearchIndex index(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw unreadable("an index definition without column/bits/normalization");
    }
    try {
      List<Normalization> steps = new ArrayList<>();
      if (!parts[2].isEmpty()) {
        for (String step : parts[2].split("\\+", -1)) {
          steps.add(Normalization.valueOf(step));
        }
      }
      BlindIndex spec =
          BlindIndex.of(Integer.parseInt(parts[1]), steps.toArray(new Normalization[0]));
      return new SearchIndex(parts[0], spec);
    } catch (IllegalArgumentException | FieldcryptException e) {
      throw unreadable("an index definition with bad bits or normalization");
    }
  }

  private static ReencryptJobException unreadable(String what) {
    return new ReencryptJobException(
        "the columns of a job in reencrypt_jobs.columns_spec cannot be read ("
            + what
            + "); the row was changed by hand: cancel the job and start a new one");
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
