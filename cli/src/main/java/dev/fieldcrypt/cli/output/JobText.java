package dev.fieldcrypt.cli.output;

import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.jobs.JobInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How jobs are shown to operators: statuses, times, one-line descriptions and tables. */
public final class JobText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private JobText() {}

  /** {@code finished}, or {@code finished (dry run)}. */
  public static String status(JobInfo j) {
    return j.status().dbValue() + (j.dryRun() ? " (dry run)" : "");
  }

  /** A time in the operator's zone, or {@code -}. */
  public static String time(Instant t, ZoneId zone) {
    return t == null ? "-" : TIME.format(t.atZone(zone));
  }

  /** {@code job 12: finished, secrets(id): otp, token -> v2, 1000/1000 rows, 0 errors}. */
  public static String describe(JobInfo j) {
    return "job "
        + j.id()
        + ": "
        + status(j)
        + ", "
        + TargetOptions.describe(j.target())
        + " -> "
        + j.targetVersion()
        + ", "
        + j.processed()
        + "/"
        + j.total()
        + " rows processed, "
        + j.errors()
        + " error(s)";
  }

  /** Columns padded to their widest cell, two spaces apart; numbers right-aligned. */
  public static List<String> table(
      List<String> header, List<List<String>> rows, boolean[] numeric) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        sb.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + cell : cell + pad);
      }
      lines.add(sb.toString().stripTrailing());
    }
    return lines;
  }
}
