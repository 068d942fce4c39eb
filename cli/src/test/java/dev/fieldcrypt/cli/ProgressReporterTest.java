package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.output.ProgressReporter;
import dev.fieldcrypt.cli.output.Ui;
import dev.fieldcrypt.jobs.JobProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicLong nanos = new AtomicLong();

  private ProgressReporter reporter(boolean bar, long already, long total) {
    return new ProgressReporter(out, new Ui(out), bar, nanos::get, already, total);
  }

  private static JobProgress at(long processed) {
    return new JobProgress(1, processed, 1000, processed, 0, 0, 200.0);
  }

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void plain_printsALineEveryTenPercent_notEveryBatch() {
    ProgressReporter p = reporter(false, 0, 1000);
    for (long done = 20; done <= 1000; done += 20) {
      advance(10);
      p.onProgress(at(done));
    }
    p.finish();

    assertThat(text.toString().lines())
        .hasSize(10)
        .allSatisfy(l -> assertThat(l).startsWith("Progress: "))
        .last()
        .isEqualTo(
            "Progress: 1000/1000 rows (100.0%), re-encrypted 1000, skipped 0, errors 0;"
                + " 200 rows/s, ETA 0:00:00");
    assertThat(text.toString()).doesNotContain("\r");
  }

  @Test
  void plain_printsALineEveryFiveSeconds_whenSlow() {
    ProgressReporter p = reporter(false, 0, 1000);
    p.onProgress(at(1));
    advance(4_000);
    p.onProgress(at(2));
    advance(1_000);
    p.onProgress(at(3));

    assertThat(text.toString().lines())
        .containsExactly(
            "Progress: 3/1000 rows (0.3%), re-encrypted 3, skipped 0, errors 0; 200 rows/s,"
                + " ETA 0:00:04");
  }

  @Test
  void plain_resumedJob_startsCountingTenthsFromWhereItWas() {
    ProgressReporter p = reporter(false, 550, 1000);
    p.onProgress(at(560));
    p.onProgress(at(610));

    assertThat(text.toString().lines()).singleElement().asString().startsWith("Progress: 610/");
  }

  @Test
  void bar_redrawsInPlaceAtMostFourTimesASecond_andEndsItsLine() {
    ProgressReporter p = reporter(true, 0, 1000);
    for (long done = 10; done <= 1000; done += 10) {
      advance(25); // 100 updates over 2.5 s
      p.onProgress(at(done));
    }
    p.finish();

    String s = text.toString();
    long draws = s.chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(9L, 12L);
    assertThat(s)
        .endsWith("] 1000/1000 rows 100.0%  200 rows/s  ETA 0:00:00" + System.lineSeparator());
    assertThat(s).contains("\r[" + "#".repeat(30) + "]").doesNotContain("Progress:");
  }

  @Test
  void olderSnapshotsFromOtherWorkers_areIgnored() {
    ProgressReporter p = reporter(true, 0, 1000);
    p.onProgress(at(500));
    advance(1_000);
    p.onProgress(at(400));
    p.finish();

    assertThat(text.toString()).doesNotContain("400/1000");
  }

  @Test
  void clock_formatsHoursMinutesSeconds() {
    assertThat(ProgressReporter.clock(Duration.ofSeconds(5))).isEqualTo("0:00:05");
    assertThat(ProgressReporter.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
  }
}
