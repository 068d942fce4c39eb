package dev.fieldcrypt.gcp;

import static dev.fieldcrypt.gcp.GcpTests.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.gcp.GcpSecretManagerException.Reason;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcpFaultsTest extends WithFakeSecretManager {
  /** What a careless server or SDK could echo: it must never reach a message. */
  private static final String TOKEN = "ya29.a0AfH6SMBx-not-a-real-token";

  private Keyring keyring;

  @BeforeEach
  void storeKeyring() {
    keyring = GcpTests.keyring("v1", "v2");
    fake.put(NAME, GcpTests.dotenv(keyring));
  }

  @Test
  void load_throttledThenServed_isRetriedBySdk() {
    fake.fail("AccessSecretVersion", Status.RESOURCE_EXHAUSTED, Status.RESOURCE_EXHAUSTED);
    assertThat(source.load().labels()).containsExactly("v1", "v2");
    assertThat(fake.calls("AccessSecretVersion")).isEqualTo(3);
  }

  @Test
  void load_unavailableOnce_isRetried() {
    fake.fail("AccessSecretVersion", Status.UNAVAILABLE);
    assertThat(source.load().labels()).containsExactly("v1", "v2");
    assertThat(fake.calls("AccessSecretVersion")).isEqualTo(2);
  }

  @Test
  void load_maxAttemptsSetting_boundsAttempts() {
    fake.fail("AccessSecretVersion", throttled(10));
    try (GcpSecretManagerKeySource five =
        GcpTests.source(fake, Map.of(GcpSettings.MAX_ATTEMPTS, "5"))) {
      GcpSecretManagerException e = failure(five::load);
      assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
      assertThat(e).hasMessageContaining("tried up to 5 time(s)");
    }
    assertThat(fake.calls("AccessSecretVersion")).isEqualTo(5);
  }

  @Test
  void load_alwaysThrottled_throwsThrottledAfterEveryAttempt() {
    fake.fail("AccessSecretVersion", throttled(10));
    GcpSecretManagerException e = failure(source::load);
    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
    assertThat(e).hasMessageContaining(NAME).hasMessageContaining("quota");
    assertThat(fake.calls("AccessSecretVersion")).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PERMISSION_DENIED, PERMISSION_DENIED, roles/secretmanager.secretAccessor, 1",
    "NOT_FOUND, NOT_FOUND, gcloud secrets describe, 1",
    "UNAUTHENTICATED, UNAUTHENTICATED, Application Default Credentials, 1",
    "INTERNAL, SERVICE_ERROR, Secret Manager failed, 1",
    "UNAVAILABLE, UNREACHABLE, could not be reached, 3",
    "DEADLINE_EXCEEDED, UNREACHABLE, could not be reached, 3"
  })
  void load_fault_isTypedWithRemedy(String code, Reason reason, String remedy, int attempts) {
    Status status =
        Status.fromCode(Status.Code.valueOf(code)).withDescription("token " + TOKEN + " refused");
    fake.fail("AccessSecretVersion", status, status, status);

    GcpSecretManagerException e = failure(source::load);

    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e)
        .hasMessageContaining(code)
        .hasMessageContaining(NAME)
        .hasMessageContaining(remedy);
    assertThat(fake.calls("AccessSecretVersion")).isEqualTo(attempts);
    assertNoSecrets(e);
  }

  @Test
  void load_missingSecret_isNotFound() {
    try (FakeSecretManager empty = new FakeSecretManager();
        GcpSecretManagerKeySource s = GcpTests.source(empty)) {
      assertThat(failure(s::load).reason()).isEqualTo(Reason.NOT_FOUND);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void load_serverDown_isUnreachable() {
    fake.down();
    GcpSecretManagerException e = failure(source::load);
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e).hasMessageContaining("secretmanager.googleapis.com:443");
    assertNoSecrets(e);
  }

  @Test
  void update_permissionDeniedOnClaim_isTypedAndWritesNothing() {
    fake.fail("UpdateSecret", Status.PERMISSION_DENIED.withDescription(TOKEN));
    GcpSecretManagerException e =
        failure(() -> source.update(k -> k.withActiveVersion(KeyVersion.generate("v3"))));
    assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e).hasMessageContaining("claim (UpdateSecret");
    assertThat(fake.versions(NAME)).hasSize(1);
    assertNoSecrets(e);
  }

  @Test
  void update_throttledAdd_isRetriedAndWritesOnce() {
    fake.fail("AddSecretVersion", Status.RESOURCE_EXHAUSTED);
    source.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));
    assertThat(fake.calls("AddSecretVersion")).isEqualTo(2);
    assertThat(fake.versions(NAME)).hasSize(2);
  }

  @Test
  void messagesOfEveryFault_holdNoKeyNoSaltNoToken() {
    List<Throwable> failures = new ArrayList<>();
    for (Status.Code code :
        List.of(
            Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED,
            Status.Code.NOT_FOUND,
            Status.Code.INTERNAL,
            Status.Code.INVALID_ARGUMENT)) {
      Status s = Status.fromCode(code).withDescription("payload " + GcpTests.dotenv(keyring));
      fake.fail("AccessSecretVersion", s, s, s);
      failures.add(failure(source::load));
    }
    fake.corruptChecksums();
    failures.add(failure(source::load));
    assertThat(failures).hasSize(6).allSatisfy(this::assertNoSecrets);
  }

  private void assertNoSecrets(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String all = trace + " " + e;
    assertThat(all).doesNotContain(TOKEN).doesNotContain("payload ");
    for (String m : GcpTests.material(keyring)) {
      assertThat(all).doesNotContain(m);
    }
    assertThat(e.getCause()).isNull();
  }

  private static GcpSecretManagerException failure(Runnable r) {
    GcpSecretManagerException e = catchThrowableOfType(GcpSecretManagerException.class, r::run);
    assertThat(e).as("a GcpSecretManagerException").isNotNull();
    return e;
  }

  private static Status[] throttled(int n) {
    Status[] s = new Status[n];
    java.util.Arrays.fill(s, Status.RESOURCE_EXHAUSTED.withDescription("quota " + TOKEN));
    return s;
  }
}
