package dev.fieldcrypt.gcp;

import static dev.fieldcrypt.gcp.GcpTests.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import dev.fieldcrypt.gcp.GcpSecretManagerException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpSecretManagerKeySourceTest extends WithFakeSecretManager {
  @Test
  void load_dotenvPayload_readsLatestVersion() {
    Keyring old = GcpTests.keyring("v1");
    Keyring current = GcpTests.keyring("v1", "v2");
    fake.put(NAME, GcpTests.dotenv(old), GcpTests.dotenv(current));

    Keyring loaded = source.load();

    assertThat(loaded.labels()).containsExactly("v1", "v2");
    assertThat(loaded.activeVersion()).isEqualTo("v2");
    assertThat(loaded.versions()).isEqualTo(current.versions());
  }

  @Test
  void load_jsonPayload_readsSameNames() {
    Keyring k = GcpTests.keyring("v1", "v2");
    fake.put(NAME, GcpTests.json(k));

    assertThat(source.load().versions()).isEqualTo(k.versions());
  }

  @Test
  void load_environmentOverridesStoredActiveVersion() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1", "v2")));
    try (GcpSecretManagerKeySource s =
        GcpTests.source(fake, Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"))) {
      assertThat(s.load().activeVersion()).isEqualTo("v1");
    }
  }

  @Test
  void load_badJsonValue_namesFieldNotValue() {
    fake.put(NAME, "{\"ACTIVE_ENCRYPTION_VERSION\": 7}");
    assertThatThrownBy(source::load)
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("field ACTIVE_ENCRYPTION_VERSION")
        .hasMessageContaining("gcp-sm " + NAME + "/versions/1");
  }

  @Test
  void load_checksumMismatch_throwsDamagedPayload() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1")));
    fake.corruptChecksums();
    assertThatThrownBy(source::load)
        .isInstanceOfSatisfying(
            GcpSecretManagerException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DAMAGED_PAYLOAD))
        .hasMessageContaining("CRC32C");
  }

  @Test
  void load_latestDisabled_throwsVersionNotEnabled() {
    fake.put(
        NAME, GcpTests.dotenv(GcpTests.keyring("v1")), GcpTests.dotenv(GcpTests.keyring("v1")));
    fake.setState(NAME, 2, com.google.cloud.secretmanager.v1.SecretVersion.State.DISABLED);
    assertThatThrownBy(source::load)
        .isInstanceOfSatisfying(
            GcpSecretManagerException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_NOT_ENABLED));
  }

  @Test
  void update_rotation_addsVersionWithChecksumAndKeepsPrevious() {
    Keyring v1 = GcpTests.keyring("v1");
    fake.put(NAME, GcpTests.dotenv(v1));

    KeyringChange change =
        source.update(k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));

    assertThat(change.written()).isTrue();
    assertThat(change.previous()).isEqualTo("version 1 of gcp-sm " + NAME);
    assertThat(change.after().labels()).containsExactly("v1", "v2");
    assertThat(fake.versions(NAME)).hasSize(2);
    assertThat(fake.versions(NAME).get(1).clientCrc()).isTrue();
    // The previous keyring is still there, as version 1.
    String first = new String(fake.versions(NAME).get(0).data(), StandardCharsets.UTF_8);
    assertThat(KeyringEntries.fromText(first, "v1", Map.of()).versions()).isEqualTo(v1.versions());
    assertThat(source.load().activeVersion()).isEqualTo("v2");
    assertThat(fake.secret(NAME).getAnnotationsMap()).containsEntry(WriteClaim.BASE, "1");
  }

  @Test
  void update_writesWithoutEnvironmentOverrides() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1", "v2")));
    try (GcpSecretManagerKeySource s =
        GcpTests.source(fake, Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"))) {
      s.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));
    }
    String stored = new String(fake.versions(NAME).get(1).data(), StandardCharsets.UTF_8);
    assertThat(KeyringEntries.fromText(stored, "t", Map.of()).labels())
        .containsExactly("v1", "v2", "v3");
  }

  @Test
  void update_changeReturnsItsArgument_writesNothing() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1")));
    KeyringChange change = source.update(k -> k);
    assertThat(change.written()).isFalse();
    assertThat(fake.versions(NAME)).hasSize(1);
    assertThat(fake.calls("UpdateSecret")).isZero();
  }

  @Test
  void update_readsNewestEnabledVersion_whenLatestDisabled() {
    Keyring good = GcpTests.keyring("v1");
    fake.put(NAME, GcpTests.dotenv(good), GcpTests.dotenv(GcpTests.keyring("v1")));
    fake.setState(NAME, 2, com.google.cloud.secretmanager.v1.SecretVersion.State.DISABLED);

    KeyringChange change = source.update(k -> k.withActiveVersion(KeyVersion.generate("v2")));

    assertThat(change.before().versions()).isEqualTo(good.versions());
    assertThat(change.previous()).isEqualTo("version 1 of gcp-sm " + NAME);
    assertThat(source.load().labels()).containsExactly("v1", "v2");
  }

  @Test
  void update_missingSecret_saysHowToCreate() {
    assertThatThrownBy(() -> source.update(k -> k))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("fieldcrypt generate --keyring gcp-sm:" + NAME);
  }

  @Test
  void create_newSecret_createsItWithFirstVersion() {
    Keyring k = GcpTests.keyring("v1");
    KeyringChange change = source.create(k);
    assertThat(change.written()).isTrue();
    assertThat(change.before()).isNull();
    assertThat(fake.secret(NAME).hasReplication()).isTrue();
    assertThat(fake.versions(NAME)).hasSize(1);
    assertThat(source.load().versions()).isEqualTo(k.versions());
  }

  @Test
  void create_withoutCreatePermission_namesThePermission() {
    fake.fail("CreateSecret", io.grpc.Status.PERMISSION_DENIED);
    assertThatThrownBy(() -> source.create(GcpTests.keyring("v1")))
        .isInstanceOfSatisfying(
            GcpSecretManagerException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED))
        .hasMessageContaining("secretmanager.secrets.create")
        .hasMessageContaining("gcloud secrets create");
  }

  @Test
  void create_existingEmptySecret_addsFirstVersion() {
    fake.put(NAME); // gcloud secrets create, no data yet
    source.create(GcpTests.keyring("v1"));
    assertThat(fake.versions(NAME)).hasSize(1);
  }

  @Test
  void create_secretWithVersion_throwsConflict() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1")));
    assertThatThrownBy(() -> source.create(GcpTests.keyring("v1")))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("already holds a keyring (version 1)");
    assertThat(fake.versions(NAME)).hasSize(1);
  }

  @Test
  void replace_writesNewVersionAndNamesPrevious() {
    fake.put(NAME, GcpTests.dotenv(GcpTests.keyring("v1")));
    Keyring other = GcpTests.keyring("v7");
    KeyringChange change = source.replace(other);
    assertThat(change.previous()).isEqualTo("version 1 of gcp-sm " + NAME);
    assertThat(source.load().versions()).isEqualTo(other.versions());
  }

  @Test
  void replace_damagedKeyring_isRestoredOver() {
    fake.put(NAME, "ACTIVE_ENCRYPTION_VERSION=\"v9\"\n");
    Keyring good = GcpTests.keyring("v1");
    KeyringChange change = source.replace(good);
    assertThat(change.before()).isNull();
    assertThat(change.previous()).isEqualTo("version 1 of gcp-sm " + NAME);
    assertThat(source.load().versions()).isEqualTo(good.versions());
  }

  @Test
  void describe_namesSchemeAndSecret() {
    assertThat(source.describe()).isEqualTo("gcp-sm " + NAME + " + environment");
    assertThat(source.writable()).isTrue();
  }
}
