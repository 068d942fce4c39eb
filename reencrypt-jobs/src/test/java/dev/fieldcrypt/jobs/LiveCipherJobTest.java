package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A job over a live cipher keeps its version while the keyring's active version moves on. */
class LiveCipherJobTest {
  private final KeyVersion v3 = KeyVersion.generate("v3");
  private Fixture fx;
  private LiveKeyring live;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("livejobs")));
  }

  @AfterEach
  void close() {
    if (live != null) {
      live.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  /** A source whose keyring the test replaces. */
  private static final class Settable implements KeySource {
    volatile Keyring keyring;

    Settable(Keyring keyring) {
      this.keyring = keyring;
    }

    @Override
    public Keyring load() {
      return keyring;
    }

    @Override
    public String describe() {
      return "test source";
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void keyringMovesToV3MidRun_jobKeepsWritingV2_andLeavesV3ValuesAlone(
      String name, TestDatabase db) {
    fx = new Fixture(db).seed(1000);
    Settable source = new Settable(Keyring.of("v2", List.of(fx.v1, fx.v2)));
    live = LiveKeyring.builder(source).refreshInterval(Duration.ZERO).build().start();
    FieldCipher app = FieldCipher.live(live);
    AtomicBoolean rotated = new AtomicBoolean();
    JobOptions options =
        JobOptions.builder()
            .batchSize(50)
            .commitEvery(50)
            .workers(1)
            .progress(
                p -> {
                  if (rotated.compareAndSet(false, true)) {
                    // After the first batch: the fleet activates v3 and the application writes
                    // a row the job has not reached yet under it.
                    source.keyring = Keyring.of("v3", List.of(fx.v1, fx.v2, v3));
                    assertThat(live.refresh()).isEqualTo(LiveKeyring.RefreshResult.CHANGED);
                    fx.setRaw("otp", 999L, app.encrypt(Fixture.otpOf(999), "secrets.otp"));
                  }
                })
            .build();

    JobInfo job = ReencryptJobs.create(fx.dataSource, app).start(Fixture.TARGET, options);

    assertThat(rotated).isTrue();
    assertThat(app.activeVersion()).isEqualTo("v3");
    assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(job.targetVersion()).isEqualTo("v2");
    assertThat(job.errors()).isZero();
    assertThat(fx.versions()).isEqualTo(Map.of("v2", 1799L, "v3", 1L, "null", 200L));
    assertThat(fx.raw("otp", 999L)).startsWith("v3:");
    assertThat(app.decrypt(fx.raw("otp", 999L), "secrets.otp")).isEqualTo(Fixture.otpOf(999));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void resumeAfterActiveMovedOn_failsClearly(String name, TestDatabase db) {
    fx = new Fixture(db).seed(10);
    Settable source = new Settable(Keyring.of("v2", List.of(fx.v1, fx.v2)));
    live = LiveKeyring.builder(source).refreshInterval(Duration.ZERO).build().start();
    ReencryptJobs jobs = ReencryptJobs.create(fx.dataSource, FieldCipher.live(live));
    long id = jobs.create(Fixture.TARGET, JobOptions.builder().build());
    source.keyring = Keyring.of("v3", List.of(fx.v1, fx.v2, v3));
    live.refresh();

    assertThatThrownBy(() -> jobs.resume(id, JobOptions.builder().build()))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("re-encrypts to version 'v2'")
        .hasMessageContaining("'v3'");
    assertThat(fx.versions()).containsOnlyKeys("v1", "null");
  }
}
