package dev.fieldcrypt.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link Keyring} of a {@link KeySource}, refreshed while the application runs, so that
 * a fleet sees a new version, then a new active version, without restarts. {@link
 * FieldCipher#live(LiveKeyring)} makes a cipher that follows it.
 *
 * <p>Guarantees: the keyring is swapped atomically (readers see the old one or the new one); while
 * the source fails, the last good keyring is served and {@link #status()} says it is stale; a
 * refresh that would drop a version the served keyring holds is logged at WARN with the labels,
 * and, unless {@link Builder#keepDroppedVersions(boolean) keepDroppedVersions(false)}, the dropped
 * versions stay readable (decrypt-only) until restart, since the application may still read values
 * under them. Logs carry the source's exception message only, which sources keep free of secrets.
 *
 * <p>Thread-safe. {@link #start()} loads once (a failure there is an error), then refreshes every
 * {@link Builder#refreshInterval(Duration) refresh interval} (60 s by default; zero for none) on
 * one daemon thread named {@code fieldcrypt-keyring-refresh}. {@link #refreshOnDemand()}, which a
 * live cipher calls when it meets a version it lacks, is rate-limited ({@link
 * Builder#minOnDemandInterval(Duration)}, 5 s by default).
 *
 * <pre>{@code
 * LiveKeyring live = LiveKeyring.builder(KeySources.open("file:/etc/app/.env.crypto"))
 *     .refreshInterval(Duration.ofSeconds(30)).build();
 * live.start();
 * FieldCipher cipher = FieldCipher.live(live);
 * ...
 * live.close();
 * }</pre>
 */
public final class LiveKeyring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveKeyring.class);

  /** Name of the refresh thread. */
  public static final String THREAD_NAME = "fieldcrypt-keyring-refresh";

  /** What one refresh did. */
  public enum RefreshResult {
    /** A different keyring was loaded and is now served. */
    CHANGED,
    /** The source holds the keyring already served. */
    UNCHANGED,
    /** The source failed; the last good keyring is still served. */
    FAILED,
    /** An on-demand refresh came too soon after the previous one; nothing was loaded. */
    RATE_LIMITED,
    /** The holder is closed (or not started); nothing was loaded. */
    CLOSED
  }

  /** Told of every keyring swap, on the thread that refreshed. Must be fast and not throw. */
  @FunctionalInterface
  public interface Listener {
    /** The keyring now served (dropped versions retained included). */
    void keyringChanged(Keyring current);
  }

  /** A {@link #subscribe} registration; {@link #close()} removes it. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final KeySource source;
  private final Duration refreshInterval;
  private final Duration minOnDemandInterval;
  private final Clock clock;
  private final boolean keepDroppedVersions;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  private volatile Keyring current;
  private volatile LiveKeyringStatus status;
  private Keyring lastLoaded;
  private Instant lastOnDemand;
  private ScheduledExecutorService timer;
  private volatile boolean started;
  private volatile boolean closed;

  private LiveKeyring(Builder b) {
    this.source = b.source;
    this.refreshInterval = b.refreshInterval;
    this.minOnDemandInterval = b.minOnDemandInterval;
    this.clock = b.clock;
    this.keepDroppedVersions = b.keepDroppedVersions;
  }

  /**
   * A builder for a holder of {@code source}'s keyring.
   *
   * @throws InvalidArgumentException when {@code source} is null
   */
  public static Builder builder(KeySource source) {
    if (source == null) {
      throw new InvalidArgumentException("source must not be null");
    }
    return new Builder(source);
  }

  /**
   * Loads the keyring once, then starts the refresh timer (when the interval is not zero).
   *
   * @throws KeyringConfigException when the source cannot be loaded (nothing is started)
   * @throws InvalidArgumentException when already started or closed
   */
  public LiveKeyring start() {
    synchronized (lock) {
      if (started || closed) {
        throw new InvalidArgumentException("this LiveKeyring was already started or closed");
      }
      Keyring k = source.load();
      Instant now = clock.instant();
      lastLoaded = k;
      current = k;
      status = LiveKeyringStatus.first(source.describe(), k, now);
      started = true;
      if (!refreshInterval.isZero()) {
        timer = Executors.newSingleThreadScheduledExecutor(LiveKeyring::daemon);
        long ms = refreshInterval.toMillis();
        timer.scheduleWithFixedDelay(this::timedRefresh, ms, ms, TimeUnit.MILLISECONDS);
      }
      log.info(
          "fieldcrypt live keyring from {}: active version {}, versions {}, refresh every {}",
          source.describe(),
          k.activeVersion(),
          k.labels(),
          refreshInterval.isZero() ? "never (on demand only)" : refreshInterval);
      return this;
    }
  }

  /**
   * The keyring served now.
   *
   * @throws InvalidArgumentException when not started
   */
  public Keyring current() {
    Keyring k = current;
    if (k == null) {
      throw new InvalidArgumentException("this LiveKeyring is not started; call start() first");
    }
    return k;
  }

  /** The health of this holder: what it serves, since when, and whether the source fails. */
  public LiveKeyringStatus status() {
    LiveKeyringStatus s = status;
    if (s == null) {
      throw new InvalidArgumentException("this LiveKeyring is not started; call start() first");
    }
    return s;
  }

  /** Loads the source now, whatever the time since the last load. */
  public RefreshResult refresh() {
    synchronized (lock) {
      return load();
    }
  }

  /**
   * Loads the source now unless an on-demand refresh ran less than the minimum on-demand interval
   * ago (then {@link RefreshResult#RATE_LIMITED}): what a cipher does when it meets a version its
   * keyring lacks. A caller that waited for a concurrent refresh gets RATE_LIMITED and finds the
   * new keyring in {@link #current()}.
   */
  public RefreshResult refreshOnDemand() {
    synchronized (lock) {
      if (!started || closed) {
        return RefreshResult.CLOSED;
      }
      Instant now = clock.instant();
      if (lastOnDemand != null && now.isBefore(lastOnDemand.plus(minOnDemandInterval))) {
        return RefreshResult.RATE_LIMITED;
      }
      lastOnDemand = now;
      source.invalidate(); // a value under an unknown version: ask the store, not a cache
      return load();
    }
  }

  /**
   * Calls {@code listener} after every swap, until the returned subscription is closed.
   *
   * @throws InvalidArgumentException when {@code listener} is null
   */
  public Subscription subscribe(Listener listener) {
    if (listener == null) {
      throw new InvalidArgumentException("listener must not be null");
    }
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Subscribes {@code listener} and hands it the current keyring, atomically with respect to
   * refreshes: no swap can fall between the two, so the listener never ends on an older keyring.
   */
  Subscription follow(Listener listener) {
    synchronized (lock) {
      Subscription sub = subscribe(listener);
      Keyring k = current;
      if (k != null) {
        listener.keyringChanged(k);
      }
      return sub;
    }
  }

  /** Stops the refresh timer; the last keyring stays readable through {@link #current()}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  @Override
  public String toString() {
    Keyring k = current;
    return "LiveKeyring["
        + source.describe()
        + (k == null
            ? ", not started"
            : ", active=" + k.activeVersion() + ", versions=" + k.labels())
        + (closed ? ", closed" : "")
        + "]";
  }

  private void timedRefresh() {
    try {
      refresh();
    } catch (RuntimeException | Error e) { // a thrown task would end the timer for good
      log.error("fieldcrypt keyring refresh failed unexpectedly: {}", e.toString());
    }
  }

  /** Called holding the lock. */
  private RefreshResult load() {
    if (!started || closed) {
      return RefreshResult.CLOSED;
    }
    Keyring loaded;
    try {
      loaded = source.load();
    } catch (RuntimeException e) {
      failed(e);
      return RefreshResult.FAILED;
    }
    Instant now = clock.instant();
    if (KeyringDiff.same(loaded, lastLoaded)) {
      status = status.succeeded(now);
      return RefreshResult.UNCHANGED;
    }
    Keyring served = current;
    List<KeyVersion> dropped = KeyringDiff.dropped(served, loaded);
    List<String> rekeyed = KeyringDiff.rekeyed(served, loaded);
    if (!rekeyed.isEmpty()) {
      log.warn(
          "fieldcrypt keyring from {}: versions {} now have different key material; values they"
              + " wrote before will not decrypt. Restore the old material unless this is intended.",
          source.describe(),
          rekeyed);
    }
    List<KeyVersion> kept = keepDroppedVersions ? dropped : List.of();
    Keyring next = KeyringDiff.withRetained(loaded, kept);
    warnDropped(dropped);
    lastLoaded = loaded;
    // listeners first: once current() shows a keyring, every following cipher already uses it
    for (Listener l : listeners) {
      try {
        l.keyringChanged(next);
      } catch (RuntimeException e) {
        log.error("a fieldcrypt keyring listener failed: {}", e.toString());
      }
    }
    current = next;
    status = status.changed(next, labels(kept), now);
    log.info(
        "fieldcrypt keyring from {} changed: active version {} (was {}), versions {}",
        source.describe(),
        next.activeVersion(),
        served.activeVersion(),
        next.labels());
    return RefreshResult.CHANGED;
  }

  private void warnDropped(List<KeyVersion> dropped) {
    if (dropped.isEmpty()) {
      return;
    }
    log.warn(
        "fieldcrypt keyring from {} no longer holds versions {}, which this application may still"
            + " be reading; {}",
        source.describe(),
        labels(dropped),
        keepDroppedVersions
            ? "they stay readable (decrypt-only) until restart. Re-encrypt their values and remove"
                + " them only once no row uses them."
            : "values under them now fail with UnknownKeyVersionException (keepDroppedVersions is"
                + " off).");
  }

  private void failed(RuntimeException e) {
    Instant now = clock.instant();
    LiveKeyringStatus s = status.failed(now, e.getMessage());
    status = s;
    log.warn(
        "fieldcrypt keyring refresh from {} failed: {}; still serving the keyring loaded at {}"
            + " (last good load {} ago; active version {}, versions {})",
        source.describe(),
        e.getMessage(),
        s.loadedAt(),
        Duration.between(s.lastSuccess(), now),
        current.activeVersion(),
        current.labels());
  }

  private static List<String> labels(List<KeyVersion> versions) {
    List<String> out = new ArrayList<>(versions.size());
    versions.forEach(v -> out.add(v.label()));
    return out;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, THREAD_NAME);
    t.setDaemon(true);
    return t;
  }

  /** Settings of a {@link LiveKeyring}; validated as they are set. Not thread-safe. */
  public static final class Builder {
    private final KeySource source;
    private Duration refreshInterval = Duration.ofSeconds(60);
    private Duration minOnDemandInterval = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private boolean keepDroppedVersions = true;

    private Builder(KeySource source) {
      this.source = source;
    }

    /** How often the timer reloads the source (default 60 s); zero or null for no timer. */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = nonNegative("refreshInterval", interval);
      return this;
    }

    /** The least time between two on-demand refreshes (default 5 s); zero for no limit. */
    public Builder minOnDemandInterval(Duration interval) {
      this.minOnDemandInterval = nonNegative("minOnDemandInterval", interval);
      return this;
    }

    /** The clock of the status times and the on-demand rate limit (default UTC system clock). */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new InvalidArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Whether versions a refresh drops stay readable until restart (default true). Off, values
     * under a dropped version fail to decrypt from the refresh on.
     */
    public Builder keepDroppedVersions(boolean keep) {
      this.keepDroppedVersions = keep;
      return this;
    }

    /** The holder, not started yet. */
    public LiveKeyring build() {
      return new LiveKeyring(this);
    }

    private static Duration nonNegative(String name, Duration d) {
      if (d == null) {
        return Duration.ZERO;
      }
      if (d.isNegative()) {
        throw new InvalidArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
