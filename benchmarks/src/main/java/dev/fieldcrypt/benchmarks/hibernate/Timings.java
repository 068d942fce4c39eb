package dev.fieldcrypt.benchmarks.hibernate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times of one operation of one variant over the measured rounds, in nanoseconds, with the
 * garbage-collection time that fell inside each.
 */
final class Timings {
  private final List<Long> nanos = new ArrayList<>();
  private final List<Long> gcMillis = new ArrayList<>();

  void add(long n, long gcMs) {
    nanos.add(n);
    gcMillis.add(gcMs);
  }

  long medianGcMs() {
    long[] s = gcMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    return Math.round(median(s));
  }

  double minMs() {
    return sorted()[0] / 1e6;
  }

  double medianMs() {
    return median(sorted()) / 1e6;
  }

  double maxMs() {
    long[] s = sorted();
    return s[s.length - 1] / 1e6;
  }

  /** The median of the per-round ratios {@code this[i] / base[i]}: rounds ran side by side. */
  double medianPairedRatio(Timings base) {
    double[] r = new double[nanos.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (double) nanos.get(i) / base.nanos.get(i);
    }
    Arrays.sort(r);
    int n = r.length;
    return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
  }

  private long[] sorted() {
    long[] s = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(s);
    return s;
  }

  private static double median(long[] s) {
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }
}
