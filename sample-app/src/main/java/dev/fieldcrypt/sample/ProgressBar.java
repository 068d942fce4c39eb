package dev.fieldcrypt.sample;

import dev.fieldcrypt.jobs.JobProgress;
import dev.fieldcrypt.jobs.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The job's progress: on a terminal a bar redrawn in place; elsewhere a line per 20% step. Called
 * from the job's worker threads, possibly out of order.
 */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean terminal;
  private long lastProcessed = -1;
  private int lastStep = -1;
  private boolean drawn;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onProgress(JobProgress p) {
    if (p.processed() <= lastProcessed) {
      return;
    }
    lastProcessed = p.processed();
    if (terminal) {
      out.print("\r" + line(p));
      out.flush();
      drawn = true;
      return;
    }
    int step = (int) (p.percent() / 20);
    if (step > lastStep) {
      lastStep = step;
      out.println(line(p));
    }
  }

  /** Ends the bar's line on a terminal. */
  synchronized void end() {
    if (drawn) {
      out.println();
      drawn = false;
    }
  }

  static String line(JobProgress p) {
    int filled = (int) Math.round(p.percent() / 100 * WIDTH);
    String eta = p.eta().map(ProgressBar::seconds).orElse("?");
    return String.format(
        Locale.ROOT,
        "  [%s%s] %3.0f%%  %,d/%,d rows  %,.0f rows/s  ETA %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.percent(),
        p.processed(),
        p.total(),
        p.rowsPerSecond(),
        eta);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
