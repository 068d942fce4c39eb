package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.util.List;
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
      return t;
    } catch (IllegalArgumentException | InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code table(id): a, b}: how a target is shown to operators (contexts are in the key). */
  public static String describe(ReencryptTarget t) {
    return t.table() + "(" + t.idColumn() + "): " + String.join(", ", t.columns());
  }
}
