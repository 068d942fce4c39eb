package dev.fieldcrypt.cli.output;

import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command prints for the operator, in the seed's {@code [OK]}/{@code [WARN]} style. Every
 * line also goes to the log (so that the log file is a transcript). Callers never pass key
 * material.
 */
public final class Ui {
  private static final Logger log = LoggerFactory.getLogger(LogSession.OUTPUT_LOGGER);
  private final PrintWriter out;

  public Ui(PrintWriter out) {
    this.out = out;
  }

  public void line(String text) {
    out.println(text);
    if (!text.isBlank()) {
      log.info(text.strip());
    }
  }

  /** Logs {@code text} as a printed line would be, without printing it (a progress bar's state). */
  public void logOnly(String text) {
    log.info(text.strip());
  }

  public void blank() {
    out.println();
  }

  public void ok(String text) {
    line("[OK] " + text);
  }

  public void info(String text) {
    line("[INFO] " + text);
  }

  public void warn(String text) {
    out.println("[WARN] " + text);
    log.warn(text);
  }

  /** A line that reports a problem found (not an error of the command itself). */
  public void problem(String text) {
    out.println("[FAIL] " + text);
    log.warn("problem: {}", text);
  }

  public void nextSteps(String... steps) {
    nextSteps(List.of(steps));
  }

  public void nextSteps(List<String> steps) {
    blank();
    line("[NEXT] Next steps:");
    for (int i = 0; i < steps.size(); i++) {
      line("   " + (i + 1) + ". " + steps.get(i));
    }
  }
}
