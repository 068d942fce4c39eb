package dev.fieldcrypt.aws;

import static dev.fieldcrypt.aws.AwsTestSupport.dotenv;
import static dev.fieldcrypt.aws.AwsTestSupport.env;
import static dev.fieldcrypt.aws.AwsTestSupport.json;
import static dev.fieldcrypt.aws.AwsTestSupport.keyring;
import static dev.fieldcrypt.aws.AwsTestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads and writes through the real SDK client against {@link FakeSecretsManager}. */
class AwsSecretsManagerKeySourceTest {
  private static final String ID = "prod/fieldcrypt-keys";

  private FakeSecretsManager aws;
  private AwsSecretsManagerKeySource source;

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    source = source(ID, env(aws));
  }

  @AfterEach
  void stop() {
    source.close();
    aws.close();
  }

  @Test
  void load_dotenvSecretString_readsKeyring() {
    Keyring stored = keyring("v1", "v2");
    aws.put(ID, dotenv(stored));

    Keyring loaded = source.load();

    assertThat(loaded.labels()).containsExactly("v1", "v2");
    assertThat(loaded.activeVersion()).isEqualTo("v2");
    assertThat(loaded.versions()).isEqualTo(stored.versions());
  }

  @Test
  void load_jsonSecretString_readsKeyring() {
    Keyring stored = keyring("v1", "v2");
    aws.put(ID, json(stored));

    Keyring loaded = source.load();

    assertThat(loaded.activeVersion()).isEqualTo("v2");
    assertThat(loaded.versions()).isEqualTo(stored.versions());
  }

  @Test
  void load_byArn_readsSecret() {
    FakeSecretsManager.Secret secret = aws.put(ID, dotenv(keyring("v1")));
    try (AwsSecretsManagerKeySource byArn = source(secret.arn, env(aws))) {
      assertThat(byArn.load().labels()).containsExactly("v1");
    }
  }

  @Test
  void load_environmentOverrides_applyOnTop_butWritesStoreTheSecretAlone() {
    aws.put(ID, dotenv(keyring("v1", "v2")));
    try (AwsSecretsManagerKeySource overridden =
        source(ID, env(aws, "ACTIVE_ENCRYPTION_VERSION", "v1"))) {
      assertThat(overridden.load().activeVersion()).isEqualTo("v1");

      KeyringChange change = overridden.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

      // The update read the stored keyring (active v2), not the overridden one.
      assertThat(change.before().activeVersion()).isEqualTo("v2");
      assertThat(stored().labels()).containsExactly("v1", "v2", "v3");
      assertThat(stored().activeVersion()).isEqualTo("v3");
    }
  }

  @Test
  void update_rotate_newVersionCurrent_oldOneKeptAsAwsPrevious() {
    String before = dotenv(keyring("v1"));
    FakeSecretsManager.Secret secret = aws.put(ID, before);
    String oldVersion = aws.stage(ID, FakeSecretsManager.CURRENT).id();

    KeyringChange change =
        source.update(k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));

    assertThat(change.written()).isTrue();
    assertThat(change.after().labels()).containsExactly("v1", "v2");
    assertThat(stored().labels()).containsExactly("v1", "v2");
    assertThat(stored().activeVersion()).isEqualTo("v2");
    assertThat(aws.stage(ID, FakeSecretsManager.PREVIOUS).id()).isEqualTo(oldVersion);
    assertThat(aws.stage(ID, FakeSecretsManager.PREVIOUS).secretString()).isEqualTo(before);
    assertThat(change.previous())
        .isEqualTo("version " + oldVersion + " (AWSPREVIOUS) of aws-sm " + ID);
    // One new version, written under our own pending label, then made current; label removed.
    assertThat(secret.versions).hasSize(2);
    assertThat(aws.stage(ID, SecretWriter.PENDING)).isNull();
    assertThat(aws.bodies())
        .anySatisfy(
            b ->
                assertThat(b)
                    .contains("\"ClientRequestToken\":\"")
                    .contains("\"VersionStages\":[\"FIELDCRYPT_PENDING\"]"));
    assertThat(aws.bodies())
        .anySatisfy(b -> assertThat(b).contains("\"RemoveFromVersionId\":\"" + oldVersion + "\""));
  }

  @Test
  void update_changeReturnsItsArgument_writesNothing() {
    aws.put(ID, dotenv(keyring("v1")));

    KeyringChange change = source.update(k -> k);

    assertThat(change.written()).isFalse();
    assertThat(aws.calls("PutSecretValue")).isZero();
    assertThat(aws.calls("UpdateSecretVersionStage")).isZero();
  }

  @Test
  void update_anotherWriterBetweenReadAndWrite_conflictAndNoKeyLost() {
    aws.put(ID, dotenv(keyring("v1")));
    try (AwsSecretsManagerKeySource other = source(ID, env(aws))) {
      assertThatThrownBy(
              () ->
                  source.update(
                      k -> {
                        // The other operator rotates after our read, before our write.
                        other.update(o -> o.withActiveVersion(KeyVersion.generate("v2")));
                        return k.withActiveVersion(KeyVersion.generate("v2-mine"));
                      }))
          .isInstanceOf(KeyringConflictException.class)
          .hasMessageContaining("aws-sm " + ID + " changed since it was read")
          .hasMessageEndingWith("run the command again.")
          .satisfies(
              e ->
                  assertThat(AwsTestSupport.messages(e))
                      .doesNotContain(AwsTestSupport.material(stored())));
    }
    assertThat(stored().labels()).containsExactly("v1", "v2");

    // Run again: applied on top of the winner's keyring.
    source.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));
    assertThat(stored().labels()).containsExactly("v1", "v2", "v3");
  }

  @Test
  void update_concurrentWriters_eachWinnerKept_losersConflict() throws Exception {
    aws.put(ID, dotenv(keyring("v1")));
    int writers = 4;
    java.util.concurrent.CyclicBarrier readDone = new java.util.concurrent.CyclicBarrier(writers);
    java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      for (int i = 0; i < writers; i++) {
        String label = "w" + i;
        results.add(
            pool.submit(
                () -> {
                  try (AwsSecretsManagerKeySource s = source(ID, env(aws))) {
                    s.update(
                        k -> {
                          await(readDone); // all have read the same version
                          return k.withActiveVersion(KeyVersion.generate(label));
                        });
                    return true;
                  } catch (KeyringConflictException e) {
                    return false;
                  }
                }));
      }
      int won = 0;
      for (var r : results) {
        won += r.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(stored().labels()).hasSize(2).startsWith("v1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void update_stageMoveAppliedButAnswerLost_retryCountsAsSuccess() {
    aws.put(ID, dotenv(keyring("v1")));
    aws.failAfterApplying("UpdateSecretVersionStage", 500, "InternalServiceError");

    KeyringChange change = source.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));

    assertThat(change.written()).isTrue();
    assertThat(stored().labels()).containsExactly("v1", "v2");
  }

  @Test
  void update_putAppliedButAnswerLost_sdkRetryIsIdempotent_oneNewVersion() {
    FakeSecretsManager.Secret secret = aws.put(ID, dotenv(keyring("v1")));
    aws.failAfterApplying("PutSecretValue", 500, "InternalServiceError");

    source.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));

    assertThat(aws.calls("PutSecretValue")).isEqualTo(2);
    assertThat(secret.versions).hasSize(2);
    assertThat(stored().labels()).containsExactly("v1", "v2");
  }

  @Test
  void create_noSecret_createsIt() {
    Keyring fresh = keyring("v1");

    KeyringChange change = source.create(fresh);

    assertThat(change.before()).isNull();
    assertThat(aws.calls("CreateSecret")).isEqualTo(1);
    assertThat(stored().versions()).isEqualTo(fresh.versions());
  }

  @Test
  void create_secretWithoutValue_putsFirstVersion() {
    aws.putEmpty(ID);

    source.create(keyring("v1"));

    assertThat(aws.calls("CreateSecret")).isZero();
    assertThat(stored().labels()).containsExactly("v1");
  }

  @Test
  void create_secretHoldsKeyring_conflict() {
    aws.put(ID, dotenv(keyring("v1")));

    assertThatThrownBy(() -> source.create(keyring("v1")))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("already holds a keyring");
    assertThat(aws.calls("PutSecretValue")).isZero();
  }

  @Test
  void replace_storesKeyring_previousRestorable() {
    Keyring old = keyring("v1");
    String oldText = dotenv(old);
    aws.put(ID, oldText);
    Keyring fresh = keyring("v7");

    KeyringChange change = source.replace(fresh);

    assertThat(change.before().versions()).isEqualTo(old.versions());
    assertThat(change.previous()).contains("(AWSPREVIOUS)");
    assertThat(stored().labels()).containsExactly("v7");
    assertThat(aws.stage(ID, FakeSecretsManager.PREVIOUS).secretString()).isEqualTo(oldText);
  }

  @Test
  void replace_noSecret_createsIt() {
    KeyringChange change = source.replace(keyring("v1"));

    assertThat(change.previous()).isNull();
    assertThat(aws.calls("CreateSecret")).isEqualTo(1);
    assertThat(stored().labels()).containsExactly("v1");
  }

  @Test
  void health_describesCurrentVersion_withoutReadingValue() {
    aws.put(ID, dotenv(keyring("v1")));
    String current = aws.stage(ID, FakeSecretsManager.CURRENT).id();

    assertThat(source.health()).contains("AWSCURRENT is version " + current);
    assertThat(aws.calls("GetSecretValue")).isZero();
  }

  @Test
  void provider_opensAwsSmUri() {
    aws.put(ID, dotenv(keyring("v1")));
    KeySource opened = KeySources.open("aws-sm:" + ID, env(aws));

    assertThat(opened).isInstanceOf(AwsSecretsManagerKeySource.class);
    assertThat(opened.writable()).isTrue();
    assertThat(opened.describe()).isEqualTo("aws-sm " + ID + " + environment");
    assertThatThrownBy(() -> KeySources.open("aws-sm:", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("names no secret");
  }

  @Test
  void load_jsonNotValid_messageHoldsNoValue() {
    Keyring k = keyring("v1");
    String broken = json(k).replace("\",\"", "\" \"");
    aws.put(ID, broken);

    assertThatThrownBy(() -> source.load())
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("not valid JSON")
        .satisfies(
            e -> assertThat(AwsTestSupport.messages(e)).doesNotContain(AwsTestSupport.material(k)))
        .hasNoCause();
  }

  private Keyring stored() {
    return KeyringEntries.fromText(aws.current(ID), "test", Map.of());
  }

  private static void await(java.util.concurrent.CyclicBarrier barrier) {
    try {
      barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
