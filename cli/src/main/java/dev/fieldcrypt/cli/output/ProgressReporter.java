package dev.fieldcrypt.cli.output;

import dev.fieldcrypt.jobs.JobProgress;
import dev.fieldcrypt.jobs.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress: on a terminal a bar redrawn in place with {@code \r} at most {@value
 * #REDRAWS_PER_SECOND} times a second; elsewhere (pipes, CI, log collectors) a plain line each time
 * another 10% is done or {@value #LINE_SECONDS} s have passed. The plain lines also go to the log
 * in both modes. Counts and rates only, never a value.
 *
 * <p>Thread-safe: the job's workers report from their own threads, possibly out of order.
 */
public final class ProgressReporter implements ProgressListener {
  public static final int REDRAWS_PER_SECOND = 4;
  public static final int LINE_SECONDS = 5;
  private static final long REDRAW_NANOS = TimeUnit.SECONDS.toNanos(1) / REDRAWS_PER_SECOND;
  private static final long LINE_NANOS = TimeUnit.SECONDS.toNanos(LINE_SECONDS);
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final Ui ui;
  private final boolean bar;
  private final LongSupplier nanoTime;
  private long lastProcessed = -1;
  private long lastDraw;
  private long lastLine;
  private int lastDecile;
  private int drawnWidth;
  private JobProgress latest;

  /**
   * @param bar whether to draw a bar in place (a terminal) rather than print lines
   * @param alreadyProcessed rows the job had done before this run (a resumed job)
   */
  public ProgressReporter(
      PrintWriter out,
      Ui ui,
      boolean bar,
      LongSupplier nanoTime,
      long alreadyProcessed,
      long total) {
    this.out = out;
    this.ui = ui;
    this.bar = bar;
    this.nanoTime = nanoTime;
    this.lastDecile = decile(total <= 0 ? 100 : Math.min(100.0, alreadyProcessed * 100.0 / total));
    long now = nanoTime.getAsLong();
    this.lastLine = now;
    this.lastDraw = now - REDRAW_NANOS;
  }

  @Override
  public synchronized void onProgress(JobProgress p) {
    if (p.processed() < lastProcessed) {
      return; // an older snapshot from another worker thread
    }
    lastProcessed = p.processed();
    latest = p;
    long now = nanoTime.getAsLong();
    if (bar && now - lastDraw >= REDRAW_NANOS) {
      draw(p);
      lastDraw = now;
    }
    int decile = decile(p.percent());
    if (decile > lastDecile || now - lastLine >= LINE_NANOS) {
      lastDecile = Math.max(decile, lastDecile);
      lastLine = now;
      if (bar) {
        ui.logOnly(line(p));
      } else {
        ui.line(line(p));
      }
    }
  }

  /** Draws the last state and ends the bar's line; call once the job has returned. */
  public synchronized void finish() {
    if (bar && latest != null) {
      draw(latest);
      out.println();
      out.flush();
    }
  }

  private void draw(JobProgress p) {
    int filled = (int) Math.round(p.percent() / 100 * BAR_WIDTH);
    String text =
        "\r["
            + "#".repeat(filled)
            + ".".repeat(BAR_WIDTH - filled)
            + "] "
            + p.processed()
            + "/"
            + p.total()
            + " rows "
            + String.format(Locale.ROOT, "%5.1f%%", p.percent())
            + "  "
            + rate(p)
            + "  ETA "
            + eta(p);
    int width = text.length();
    out.print(text + " ".repeat(Math.max(0, drawnWidth - width)));
    out.flush();
    drawnWidth = width;
  }

  /** The plain progress line. */
  public static String line(JobProgress p) {
    return "Progress: "
        + p.processed()
        + "/"
        + p.total()
        + " rows ("
        + String.format(Locale.ROOT, "%.1f%%", p.percent())
        + "), re-encrypted "
        + p.reencrypted()
        + ", skipped "
        + p.skipped()
        + ", errors "
        + p.errors()
        + "; "
        + rate(p)
        + ", ETA "
        + eta(p);
  }

  private static String rate(JobProgress p) {
    return String.format(Locale.ROOT, "%.0f rows/s", p.rowsPerSecond());
  }

  private static String eta(JobProgress p) {
    return p.eta().map(ProgressReporter::clock).orElse("--:--");
  }

  /** {@code h:mm:ss}. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  private static int decile(double percent) {
    return (int) Math.floor(percent / 10);
  }
}
