package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fieldcrypt.core.LiveKeyring.RefreshResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LiveKeyringTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final KeyVersion v3 = KeyVersion.generate("v3");
  private final MutableSource source = new MutableSource(Keyring.of("v1", List.of(v1)));
  private final MutableClock clock = new MutableClock();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private LiveKeyring live;

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(LiveKeyring.class)).addAppender(logs);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(LiveKeyring.class)).detachAppender(logs);
    if (live != null) {
      live.close();
    }
  }

  private LiveKeyring start(LiveKeyring.Builder b) {
    live = b.clock(clock).build().start();
    return live;
  }

  private LiveKeyring start() {
    return start(LiveKeyring.builder(source).refreshInterval(Duration.ZERO));
  }

  private String warnings() {
    StringBuilder sb = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      if (e.getLevel() == Level.WARN) {
        sb.append(e.getFormattedMessage()).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void start_sourceFails_throwsAndStartsNothing() {
    source.fail("file .env.crypto: no such file");
    LiveKeyring l = LiveKeyring.builder(source).build();
    assertThatThrownBy(l::start).isInstanceOf(KeyringConfigException.class);
    assertThatThrownBy(l::current).isInstanceOf(InvalidArgumentException.class);
    assertThat(l.refresh()).isEqualTo(RefreshResult.CLOSED);
  }

  @Test
  void refresh_equalKeyringReloaded_isUnchanged() {
    start();
    Keyring before = live.current();
    source.set(Keyring.of("v1", List.of(KeyVersion.of("v1", v1.key(), v1.salt()))));
    assertThat(live.refresh()).isEqualTo(RefreshResult.UNCHANGED);
    assertThat(live.current()).isSameAs(before);
  }

  @Test
  void refresh_sameLabelOtherMaterial_isChanged() {
    start();
    source.set(Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(warnings()).contains("[v1] now have different key material");
  }

  @Test
  void refresh_newVersion_swapsAndTellsListeners() {
    start();
    AtomicReference<Keyring> told = new AtomicReference<>();
    live.subscribe(told::set);
    source.set(Keyring.of("v1", List.of(v1, v2)));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(live.current().labels()).containsExactly("v1", "v2");
    assertThat(told.get()).isSameAs(live.current());
    source.set(Keyring.of("v2", List.of(v1, v2)));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(live.current().activeVersion()).isEqualTo("v2");
  }

  @Test
  void refresh_listenersSwapBeforeCurrentShowsTheNewKeyring() {
    // the CI failure of 2026-12-03: a caller saw v2 active in current() and the cipher wrote v1
    start();
    FieldCipher cipher = FieldCipher.live(live);
    AtomicReference<String> activeSeenByListener = new AtomicReference<>();
    live.subscribe(k -> activeSeenByListener.set(live.current().activeVersion()));
    source.set(Keyring.of("v2", List.of(v1, v2)));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(activeSeenByListener.get()).isEqualTo("v1");
    assertThat(live.current().activeVersion()).isEqualTo("v2");
    assertThat(cipher.encrypt("x", "t.c")).startsWith("v2:");
  }

  @Test
  void refresh_sourceFails_servesLastGood_statusStaleUntilRecovered() {
    start();
    Keyring good = live.current();
    clock.advance(Duration.ofSeconds(10));
    source.fail("vault:secret/app: connection refused");
    assertThat(live.refresh()).isEqualTo(RefreshResult.FAILED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(live.refresh()).isEqualTo(RefreshResult.FAILED);
    assertThat(live.current()).isSameAs(good);
    LiveKeyringStatus s = live.status();
    assertThat(s.stale()).isTrue();
    assertThat(s.staleSince()).isEqualTo(clock.start.plusSeconds(10));
    assertThat(s.lastFailure()).isEqualTo(clock.start.plusSeconds(20));
    assertThat(s.lastFailureMessage()).isEqualTo("vault:secret/app: connection refused");
    assertThat(s.age(clock.instant())).isEqualTo(Duration.ofSeconds(20));
    assertThat(warnings()).contains("connection refused", "still serving", "PT20S");

    source.set(good);
    assertThat(live.refresh()).isEqualTo(RefreshResult.UNCHANGED);
    assertThat(live.status().stale()).isFalse();
    assertThat(live.status().staleSince()).isNull();
  }

  @Test
  void refresh_dropsVersion_warnsAndKeepsItReadable() {
    source.set(Keyring.of("v2", List.of(v1, v2)));
    start();
    FieldCipher cipher = FieldCipher.live(live);
    String oldValue = FieldCipher.create(Keyring.of("v1", List.of(v1))).encrypt("s", "t.c");
    source.set(Keyring.of("v2", List.of(v2)));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(warnings()).contains("no longer holds versions [v1]", "stay readable");
    assertThat(live.current().labels()).containsExactly("v1", "v2");
    assertThat(live.status().retainedVersions()).containsExactly("v1");
    assertThat(cipher.decrypt(oldValue, "t.c")).isEqualTo("s");
    assertThat(cipher.activeVersion()).isEqualTo("v2");
    // the same drop again is no change and no second warning
    logs.list.clear();
    assertThat(live.refresh()).isEqualTo(RefreshResult.UNCHANGED);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void refresh_dropsVersion_notKept_valuesUnderItFail() {
    source.set(Keyring.of("v2", List.of(v1, v2)));
    start(LiveKeyring.builder(source).refreshInterval(Duration.ZERO).keepDroppedVersions(false));
    FieldCipher cipher = FieldCipher.live(live);
    String oldValue = FieldCipher.create(Keyring.of("v1", List.of(v1))).encrypt("s", "t.c");
    source.set(Keyring.of("v2", List.of(v2)));
    assertThat(live.refresh()).isEqualTo(RefreshResult.CHANGED);
    assertThat(warnings()).contains("no longer holds versions [v1]", "keepDroppedVersions is off");
    assertThat(live.current().labels()).containsExactly("v2");
    assertThatThrownBy(() -> cipher.decrypt(oldValue, "t.c"))
        .isInstanceOf(UnknownKeyVersionException.class);
  }

  @Test
  void refreshOnDemand_isRateLimited() {
    start(
        LiveKeyring.builder(source)
            .refreshInterval(Duration.ZERO)
            .minOnDemandInterval(Duration.ofSeconds(5)));
    assertThat(live.refreshOnDemand()).isEqualTo(RefreshResult.UNCHANGED);
    source.set(Keyring.of("v1", List.of(v1, v2)));
    clock.advance(Duration.ofSeconds(4));
    assertThat(live.refreshOnDemand()).isEqualTo(RefreshResult.RATE_LIMITED);
    assertThat(live.current().contains("v2")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(live.refreshOnDemand()).isEqualTo(RefreshResult.CHANGED);
  }

  @Test
  void timer_refreshesOnADaemonThread() throws InterruptedException {
    start(LiveKeyring.builder(source).refreshInterval(Duration.ofMillis(20)));
    CountDownLatch changed = new CountDownLatch(1);
    AtomicReference<Thread> on = new AtomicReference<>();
    live.subscribe(
        k -> {
          on.set(Thread.currentThread());
          changed.countDown();
        });
    source.set(Keyring.of("v2", List.of(v1, v2)));
    assertThat(changed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(on.get().getName()).isEqualTo(LiveKeyring.THREAD_NAME);
    assertThat(on.get().isDaemon()).isTrue();
    live.close();
    assertThat(live.refresh()).isEqualTo(RefreshResult.CLOSED);
    assertThat(live.refreshOnDemand()).isEqualTo(RefreshResult.CLOSED);
    assertThat(live.current().activeVersion()).isEqualTo("v2");
  }

  @Test
  void builder_negativeInterval_throws() {
    assertThatThrownBy(() -> LiveKeyring.builder(source).refreshInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("refreshInterval");
  }

  @Test
  void status_andToString_holdNoKeyMaterial() {
    start();
    String b64 = java.util.Base64.getEncoder().encodeToString(v1.key());
    assertThat(live.toString()).doesNotContain(b64).contains("v1");
    assertThat(live.status().toString()).doesNotContain(b64);
  }

  /** A key source whose keyring the test sets, or makes fail. */
  static final class MutableSource implements KeySource {
    private volatile Keyring keyring;
    private volatile String failure;

    MutableSource(Keyring keyring) {
      this.keyring = keyring;
    }

    void set(Keyring k) {
      keyring = k;
      failure = null;
    }

    void fail(String message) {
      failure = message;
    }

    @Override
    public Keyring load() {
      String f = failure;
      if (f != null) {
        throw new KeyringConfigException(f);
      }
      return keyring;
    }

    @Override
    public String describe() {
      return "test source";
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private volatile Instant now = start;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
