package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --table}, {@code --id-column} and {@code --column}: the encrypted columns to work on. */
public final class TargetOptions {
  @Spec(Spec.Target.MIXEE)
  public CommandSpec spec;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "The table holding the encrypted columns (schema.table allowed).")
  public String table;

  @Option(
      names = "--id-column",
      paramLabel = "COLUMN",
      defaultValue = "id",
      description =
          "Its single-column primary key: integer, bigint, uuid or text (default:"
              + " ${DEFAULT-VALUE}).")
  public String idColumn;

  @Option(
      names = "--column",
      paramLabel = "COLUMN",
      split = ",",
      description =
          "An encrypted column (the database column name, not the Java field name); repeat it or"
              + " separate names with commas for several.")
  public List<String> columns;

  @Option(
      names = "--search-index",
      paramLabel = "COLUMN=INDEX[/BITS[/STEPS]]",
      description =
          "The search index of an encrypted column (@SearchIndex), rewritten with it and backfilled"
              + " where missing: the index column, then the bits (default 256) and the"
              + " normalization steps joined by + (NFC, TRIM, LOWERCASE, DIGITS), as the entity"
              + " declares them; for example email=email_bidx/256/NFC+TRIM+LOWERCASE. Repeatable.")
  public List<String> searchIndexes;

  /** Whether --table or --column was given. */
  public boolean given() {
    return table != null || (columns != null && !columns.isEmpty());
  }

  /** The target with the default contexts ({@code table.column}). */
  public ReencryptTarget target() {
    return target(Map.of());
  }

  /**
   * The target, with {@code contexts} (column → context) overriding the default contexts.
   *
   * @throws ParameterException when --table or --column is missing, a name is invalid, or a context
   *     names a column not given with --column
   */
  public ReencryptTarget target(Map<String, String> contexts) {
    if (table == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--table=TABLE'");
    }
    if (columns == null || columns.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "Missing required option: '--column=COLUMN' (at least one)");
    }
    for (String c : contexts.keySet()) {
      if (!columns.contains(c)) {
        throw new ParameterException(
            spec.commandLine(),
            "--context "
                + c
                + "=… names a column that is not given with --column ("
                + String.join(", ", columns)
                + ")");
      }
    }
    try {
      ReencryptTarget t = ReencryptTarget.of(table, idColumn);
      for (String c : columns) {
        t = contexts.containsKey(c) ? t.column(c, contexts.get(c)) : t.column(c);
      }
      for (String s : searchIndexes == null ? List.<String>of() : searchIndexes) {
        t = withSearchIndex(t, s);
      }
      return t;
    } catch (IllegalArgumentException | InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ReencryptTarget withSearchIndex(ReencryptTarget t, String option) {
    int eq = option.indexOf('=');
    String[] parts = eq < 0 ? new String[0] : option.substring(eq + 1).split("/", -1);
    if (eq <= 0 || parts.length > 3 || parts[0].isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--search-index "
              + option
              + ": expected COLUMN=INDEX_COLUMN[/BITS[/STEPS]], for example"
              + " email=email_bidx/256/NFC+TRIM+LOWERCASE");
    }
    String column = option.substring(0, eq);
    int bits = BlindIndex.EXACT_BITS;
    if (parts.length > 1 && !parts[1].isEmpty()) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(), "--search-index " + option + ": bits must be a number, 8 to 256");
      }
    }
    List<Normalization> steps = new ArrayList<>();
    if (parts.length > 2 && !parts[2].isEmpty()) {
      for (String step : parts[2].split("\\+")) {
        try {
          steps.add(Normalization.valueOf(step.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(
              spec.commandLine(),
              "--search-index "
                  + option
                  + ": unknown normalization step '"
                  + step
                  + "' (NFC, TRIM, LOWERCASE, DIGITS)");
        }
      }
    }
    try {
      return t.searchIndex(
          column, parts[0], BlindIndex.of(bits, steps.toArray(new Normalization[0])));
    } catch (InvalidArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--search-index " + option + ": " + e.getMessage());
    }
  }

  /** {@code table(id): a, b}: how a target is shown to operators (contexts are in the key). */
  public static String describe(ReencryptTarget t) {
    StringBuilder b = new StringBuilder(t.table()).append('(').append(t.idColumn()).append("): ");
    for (String c : t.columns()) {
      b.append(b.charAt(b.length() - 2) == ':' ? "" : ", ").append(c);
      t.searchIndexOf(c)
          .ifPresent(ix -> b.append(" (search index ").append(ix.column()).append(')'));
    }
    return b.toString();
  }

  /** The {@code --search-index} options that name {@code t}'s search indexes, each with a space. */
  public static String searchIndexOptions(ReencryptTarget t) {
    StringBuilder b = new StringBuilder();
    for (String c : t.columns()) {
      t.searchIndexOf(c)
          .ifPresent(
              ix -> {
                b.append(" --search-index ")
                    .append(c)
                    .append('=')
                    .append(ix.column())
                    .append('/')
                    .append(ix.spec().bits());
                if (!ix.spec().normalization().isEmpty()) {
                  b.append('/')
                      .append(
                          String.join(
                              "+", ix.spec().normalization().stream().map(Enum::name).toList()));
                }
              });
    }
    return b.toString();
  }
}
