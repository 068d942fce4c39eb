package dev.fieldcrypt.gcp;

import static dev.fieldcrypt.gcp.GcpTests.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConflictException;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GcpConcurrencyTest {
  private FakeSecretManager fake;
  private GcpSecretManagerKeySource a;
  private GcpSecretManagerKeySource b;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSecretManager();
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1")));
    a = GcpTests.source(fake);
    b = GcpTests.source(fake);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    fake.close();
  }

  @Test
  void update_otherWriterWroteAfterRead_throwsConflictAndLosesNoKey() {
    AtomicReference<String> bAdded = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                a.update(
                    k -> {
                      // b reads, claims and adds while a holds its read.
                      b.update(
                          kb -> {
                            bAdded.set("b2");
                            return kb.withActiveVersion(KeyVersion.generate("b2"));
                          });
                      return k.withActiveVersion(KeyVersion.generate("a2"));
                    }))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("changed since it was read")
        .hasMessageContaining("run the command again");

    assertThat(bAdded).hasValue("b2");
    assertThat(fake.versions(NAME)).hasSize(2);
    // Run again: a's change is applied on top of b's.
    a.update(k -> k.withActiveVersion(KeyVersion.generate("a2")));
    assertThat(a.load().labels()).containsExactly("v1", "b2", "a2");
  }

  @Test
  void update_otherWriterBetweenClaimAndAdd_throwsConflictForTheLaterOne() {
    AtomicReference<Throwable> bFailure = new AtomicReference<>();
    fake.beforeNextAdd(
        () -> {
          try {
            b.update(k -> k.withActiveVersion(KeyVersion.generate("b2")));
          } catch (RuntimeException e) {
            bFailure.set(e);
          }
        });

    a.update(k -> k.withActiveVersion(KeyVersion.generate("a2")));

    assertThat(bFailure.get())
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("another writer claimed it");
    assertThat(fake.versions(NAME)).hasSize(2);
    assertThat(b.load().labels()).containsExactly("v1", "a2");
  }

  @Test
  void update_manyWritersAtOnce_everySuccessfulKeyKept() throws Exception {
    int writers = 6;
    List<GcpSecretManagerKeySource> sources = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      sources.add(GcpTests.source(fake));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        GcpSecretManagerKeySource s = sources.get(i);
        String label = "w" + i;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    s.update(k -> k.withActiveVersion(KeyVersion.generate(label)));
                    return label;
                  } catch (KeyringConflictException e) {
                    conflicts.incrementAndGet();
                    return null;
                  }
                }));
      }
      go.countDown();
      List<String> written = new ArrayList<>();
      for (Future<String> f : results) {
        String label = f.get(30, TimeUnit.SECONDS);
        if (label != null) {
          written.add(label);
        }
      }
      Keyring last = a.load();
      assertThat(written).isNotEmpty();
      assertThat(written.size() + conflicts.get()).isEqualTo(writers);
      assertThat(last.labels()).containsAll(written).contains("v1");
      assertThat(fake.versions(NAME)).hasSize(1 + written.size());
    } finally {
      pool.shutdownNow();
      sources.forEach(GcpSecretManagerKeySource::close);
    }
  }

  @Test
  void update_claimAnswerLost_retryRecognisesOwnClaim() {
    fake.failAfterApplying("UpdateSecret", Status.UNAVAILABLE);
    a.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));
    assertThat(fake.calls("UpdateSecret")).isEqualTo(2);
    assertThat(a.load().labels()).containsExactly("v1", "v2");
  }

  @Test
  void update_addFails_withdrawsClaimSoOthersCanWrite() {
    fake.fail("AddSecretVersion", Status.PERMISSION_DENIED);
    assertThatThrownBy(() -> a.update(k -> k.withActiveVersion(KeyVersion.generate("v2"))))
        .isInstanceOf(GcpSecretManagerException.class);
    assertThat(fake.secret(NAME).getAnnotationsMap()).doesNotContainKey(WriteClaim.ID);

    b.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));
    assertThat(b.load().labels()).containsExactly("v1", "v2");
  }

  @Test
  void update_claimOfDeadWriter_blocksThenIsTakenOver() {
    Instant now = Instant.parse("2026-12-03T12:00:00Z");
    // A writer claimed on top of version 1 and died before adding its version.
    fake.annotate(NAME, WriteClaim.next(1, now).onto(Map.of()));
    try (GcpSecretManagerKeySource soon =
        GcpTests.source(fake, Map.of(), Clock.fixed(now.plusSeconds(60), ZoneOffset.UTC))) {
      assertThatThrownBy(() -> soon.update(k -> k.withActiveVersion(KeyVersion.generate("v2"))))
          .isInstanceOf(KeyringConflictException.class)
          .hasMessageContaining("another writer claimed it at 2026-12-03T12:00:00Z");
    }
    Clock later =
        Clock.fixed(
            now.plus(GcpSecretManagerKeySource.STALE_CLAIM).plus(Duration.ofSeconds(1)),
            ZoneOffset.UTC);
    try (GcpSecretManagerKeySource after = GcpTests.source(fake, Map.of(), later)) {
      after.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));
      assertThat(after.load().labels()).containsExactly("v1", "v2");
    }
  }
}
