package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Two SessionFactories (two instances of one application) on one database and one keyring file,
 * each with a live keyring: a rotation reaches both without a restart.
 */
class FleetTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final List<SessionFactory> open = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Path file;
  private KeySource source;

  static Stream<Arguments> databasesAndOrders() {
    List<Arguments> out = new ArrayList<>();
    for (boolean readerFirst : new boolean[] {false, true}) {
      out.add(Arguments.of("h2", TestDatabase.h2(), readerFirst));
      out.add(
          Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("fleet"), readerFirst));
    }
    return out.stream();
  }

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("fleet")));
  }

  @BeforeEach
  void keyringFile() {
    file = dir.resolve(".env.crypto");
    source = KeySources.open("file:" + file, Map.of());
    source.create(Keyring.of("v1", List.of(v1)));
    logs.start();
    ((Logger) LoggerFactory.getLogger(LiveKeyring.class)).addAppender(logs);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(LiveKeyring.class)).detachAppender(logs);
    open.forEach(SessionFactory::close);
  }

  private SessionFactory instance(TestDatabase db, String refreshInterval) {
    SessionFactory sf =
        Sessions.build(
            db,
            Map.of(
                FieldcryptSettings.KEYRING_URI,
                "file:" + file,
                FieldcryptSettings.REFRESH_INTERVAL,
                refreshInterval,
                FieldcryptSettings.ON_DEMAND_MIN_INTERVAL,
                "0"),
            Account.class);
    open.add(sf);
    return sf;
  }

  private static LiveKeyring live(SessionFactory sf) {
    return LiveKeyrings.of(sf).orElseThrow();
  }

  private static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String raw(TestDatabase db, long id) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT otp_secret FROM accounts WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static String otp(SessionFactory sf, long id) {
    return sf.fromTransaction(s -> s.find(Account.class, id)).otpSecret;
  }

  @ParameterizedTest(name = "{0}, reader built first: {2}")
  @MethodSource("databasesAndOrders")
  void rotation_reachesTheFleet_readerLearnsV2OnDemand(
      String name, TestDatabase db, boolean readerFirst) throws SQLException {
    db.execute("DROP TABLE IF EXISTS accounts");
    SessionFactory b = readerFirst ? instance(db, "0") : null; // on demand only: no timer
    SessionFactory a = instance(db, "100ms");
    if (!readerFirst) {
      b = instance(db, "0");
    }
    SessionFactory reader = b;
    a.inTransaction(s -> s.persist(new Account(1L, "x", "under-v1", null, null)));
    assertThat(raw(db, 1)).startsWith("v1:");

    // rotate --no-activate: every instance learns v2 before anyone writes with it
    source.update(k -> Keyring.of("v1", List.of(v1, v2)));
    await("A learns v2", () -> live(a).current().contains("v2"));
    assertThat(live(a).current().activeVersion()).isEqualTo("v1");
    // activate
    source.update(k -> k.withActive("v2"));
    await("A activates v2", () -> live(a).current().activeVersion().equals("v2"));
    a.inTransaction(s -> s.persist(new Account(2L, "y", "under-v2", null, null)));
    assertThat(raw(db, 2)).startsWith("v2:");

    assertThat(live(reader).current().contains("v2")).isFalse();
    assertThat(otp(reader, 2L)).isEqualTo("under-v2");
    assertThat(otp(reader, 1L)).isEqualTo("under-v1");
    assertThat(live(reader).current().activeVersion()).isEqualTo("v2");
    reader.inTransaction(s -> s.persist(new Account(3L, "z", "by-b", null, null)));
    assertThat(raw(db, 3)).startsWith("v2:");
    assertThat(otp(a, 3L)).isEqualTo("by-b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void sourceCorrupt_lastGoodKeyringServed_statusStale_thenRecovers(String name, TestDatabase db)
      throws Exception {
    db.execute("DROP TABLE IF EXISTS accounts");
    SessionFactory a = instance(db, "50ms");
    a.inTransaction(s -> s.persist(new Account(1L, "x", "kept", null, null)));
    String good = Files.readString(file);
    Files.writeString(file, "ACTIVE_ENCRYPTION_VERSION=\"v1\"\nENCRYPTION_KEYS__v1=\"!!\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    await("status stale", () -> live(a).status().stale());
    assertThat(live(a).status().lastFailureMessage()).isNotBlank().doesNotContain(good);
    assertThat(otp(a, 1L)).isEqualTo("kept");
    a.inTransaction(s -> s.persist(new Account(2L, "y", "written while stale", null, null)));
    assertThat(raw(db, 2)).startsWith("v1:");
    assertThat(warnStrings()).contains("still serving");

    Files.writeString(file, good);
    await("status fresh", () -> !live(a).status().stale());
    assertThat(live(a).status().staleSince()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void refreshDroppingAVersion_warns_andValuesUnderItStayReadable(String name, TestDatabase db) {
    db.execute("DROP TABLE IF EXISTS accounts");
    SessionFactory a = instance(db, "50ms");
    a.inTransaction(s -> s.persist(new Account(1L, "x", "old", null, null)));
    source.update(k -> k.withActiveVersion(v2));
    await("v2 active", () -> live(a).current().activeVersion().equals("v2"));

    source.update(k -> k.without(List.of("v1")));
    await("v1 dropped", () -> live(a).status().retainedVersions().contains("v1"));

    assertThat(warnStrings()).contains("no longer holds versions [v1]");
    assertThat(otp(a, 1L)).isEqualTo("old");
    assertThat(live(a).current().activeVersion()).isEqualTo("v2");
  }

  /**
   * Measures the time from writing a new active version into the file to the first value a running
   * SessionFactory (200 ms refresh interval) writes under it; printed for the record.
   */
  @Test
  void refreshLatency_200msInterval_newActiveVersionWrittenWithinASecond() throws SQLException {
    TestDatabase db = TestDatabase.h2();
    db.execute("DROP TABLE IF EXISTS accounts");
    SessionFactory a = instance(db, "200ms");
    List<Long> millis = new ArrayList<>();
    long id = 0;
    for (int version = 2; version <= 6; version++) {
      KeyVersion next = KeyVersion.generate("v" + version);
      source.update(k -> k.withActiveVersion(next));
      long written = System.nanoTime();
      String stored;
      do {
        long row = ++id;
        a.inTransaction(s -> s.persist(new Account(row, "x", "p", null, null)));
        stored = raw(db, row);
        assertThat(System.nanoTime() - written).isLessThan(TIMEOUT.toNanos());
      } while (!stored.startsWith(next.label() + ":"));
      millis.add((System.nanoTime() - written) / 1_000_000);
    }
    System.out.println("fieldcrypt refresh latency, 200 ms interval (ms): " + millis);
    assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
  }

  @Test
  void uriAndFileSettingsBoth_isAClearError() {
    assertThat(
            bootFailure(
                FieldcryptSettings.KEYRING_URI,
                "file:" + file,
                FieldcryptSettings.KEYRING_FILE,
                file.toString()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("both 'fieldcrypt.keyring.uri' and 'fieldcrypt.keyring.file'");
  }

  @Test
  void fileSetting_staysStaticByDefault_andGoesLiveWithARefreshInterval() {
    TestDatabase db = TestDatabase.h2();
    SessionFactory plain =
        Sessions.build(db, Map.of(FieldcryptSettings.KEYRING_FILE, file.toString()), Account.class);
    open.add(plain);
    assertThat(LiveKeyrings.of(plain)).isEmpty();
    SessionFactory liveOne =
        Sessions.build(
            db,
            Map.of(
                FieldcryptSettings.KEYRING_FILE,
                file.toString(),
                FieldcryptSettings.REFRESH_INTERVAL,
                "30s"),
            Account.class);
    open.add(liveOne);
    LiveKeyring holder = live(liveOne);
    liveOne.close();
    assertThat(holder.refresh()).isEqualTo(LiveKeyring.RefreshResult.CLOSED);
    assertThat(LiveKeyrings.of(liveOne)).isEmpty();
  }

  @Test
  void badDuration_isAClearError() {
    assertThat(
            bootFailure(
                FieldcryptSettings.KEYRING_URI,
                "file:" + file,
                FieldcryptSettings.REFRESH_INTERVAL,
                "soon"))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("'fieldcrypt.keyring.refresh-interval' is 'soon'");
  }

  /** The root cause of building a SessionFactory with two settings. */
  private static Throwable bootFailure(String k1, Object v1, String k2, Object v2) {
    Throwable t =
        catchThrowable(
            () -> Sessions.build(TestDatabase.h2(), Map.of(k1, v1, k2, v2), Account.class));
    assertThat(t).isNotNull();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private String warnStrings() {
    StringBuilder sb = new StringBuilder();
    for (ILoggingEvent e : List.copyOf(logs.list)) {
      if (e.getLevel() == Level.WARN) {
        sb.append(e.getFormattedMessage()).append('\n');
      }
    }
    return sb.toString();
  }
}
