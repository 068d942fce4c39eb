package dev.fieldcrypt.sample;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;

/**
 * The application looking users up by their encrypted e-mail, as a login would: plain HQL equality
 * ({@code from DemoUser u where u.email = :email}), which fieldcrypt answers through the search
 * index under every key version. Counts the lookups and the misses (no user, or another one).
 */
final class Lookups {
  /** Lookups running on their own thread until stopped. */
  final class Background {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private long[] result = {0, 0};

    Background(long lastId) {
      thread =
          new Thread(
              () -> result = Lookups.this.run(lastId, Long.MAX_VALUE, running), "demo-lookups");
      thread.setDaemon(true);
      thread.start();
    }

    /** Stops the lookups and returns {lookups, misses}. */
    long[] stop() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result;
    }
  }

  private final SessionFactory app;
  private final PrintStream out;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  Lookups(SessionFactory app, PrintStream out) {
    this.app = app;
    this.out = out;
  }

  void explain(long lastId) {
    out.println();
    out.println(
        "The e-mail is encrypted too, and searchable: fieldcrypt writes its search index"
            + " (HMAC-SHA256 of the lower-cased address, under the key version) beside it, so the"
            + " application logs users in with plain HQL, `from DemoUser u where u.email = :email`,"
            + " which fieldcrypt runs as `where email_bidx in (…)` with the index under every key"
            + " version.");
  }

  Background background(long lastId) {
    return new Background(lastId);
  }

  /**
   * Up to {@code max} lookups of random users 1..{@code lastId} (the tampered one left out: the
   * application could not load it), upper-cased as a user might type it; {@code running}, when
   * given, stops them early. Returns {lookups, misses}.
   */
  long[] run(long lastId, long max, AtomicBoolean running) {
    SplittableRandom random = new SplittableRandom();
    long n = 0;
    long missed = 0;
    while (n < max && (running == null || running.get())) {
      long id = random.nextLong(1, lastId + 1);
      if (id == Demo.TAMPERED_ID) {
        continue;
      }
      String typed = ("User" + id + "@Example.COM").toUpperCase(Locale.ROOT);
      List<DemoUser> found =
          app.fromTransaction(
              s ->
                  s.createSelectionQuery("from DemoUser u where u.email = :email", DemoUser.class)
                      .setParameter("email", typed)
                      .getResultList());
      n++;
      if (found.size() != 1 || found.get(0).getId() != id) {
        missed++;
      }
    }
    total.addAndGet(n);
    misses.addAndGet(missed);
    return new long[] {n, missed};
  }

  void report(String when, long[] counts) {
    out.printf(
        Locale.ROOT,
        "Looked users up by their encrypted e-mail %s: %,d lookups, %,d missed.%n",
        when,
        counts[0],
        counts[1]);
  }

  long total() {
    return total.get();
  }

  long misses() {
    return misses.get();
  }
}
