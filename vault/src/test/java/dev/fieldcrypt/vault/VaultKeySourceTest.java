package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.DATA_PATH;
import static dev.fieldcrypt.vault.VaultTests.SECRET;
import static dev.fieldcrypt.vault.VaultTests.env;
import static dev.fieldcrypt.vault.VaultTests.keyring;
import static dev.fieldcrypt.vault.VaultTests.stored;
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
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultKeySourceTest extends FakeVaultTestBase {

  @Test
  void load_secretWithDotenvFields_returnsTheKeyring() {
    Keyring k = stored(vault, keyring(2));

    Keyring loaded = source().load();

    assertThat(loaded.labels()).containsExactly("v1", "v2");
    assertThat(loaded.activeVersion()).isEqualTo("v2");
    assertThat(KeyringEntries.toFields(loaded)).isEqualTo(KeyringEntries.toFields(k));
    assertThat(loaded.origin("v1")).contains("vault " + SECRET);
  }

  @Test
  void keySourcesOpen_vaultScheme_findsTheProvider() {
    stored(vault, keyring(1));

    KeySource source = KeySources.open("vault:" + SECRET, env);

    assertThat(source).isInstanceOf(VaultKeySource.class);
    assertThat(KeySources.schemes()).contains("vault");
    assertThat(source.load().labels()).containsExactly("v1");
    assertThat(source.describe()).contains(SECRET).contains(vault.address());
  }

  @Test
  void load_environmentVariable_overridesTheStoredField() {
    stored(vault, keyring(2));
    env.put("ACTIVE_ENCRYPTION_VERSION", "v1");

    assertThat(source().load().activeVersion()).isEqualTo("v1");
  }

  @Test
  void load_namespace_isSentAsHeader() {
    stored(vault, keyring(1));
    env.put("VAULT_NAMESPACE", "team-a");

    source().load();

    assertThat(vault.namespaces).isNotEmpty().allMatch("team-a"::equals);
  }

  @Test
  void load_repeated_reusesOneConnection() {
    stored(vault, keyring(1));
    VaultKeySource source = source();

    for (int i = 0; i < 5; i++) {
      source.load();
    }

    assertThat(vault.totalHits()).isEqualTo(6); // lookup-self, then five reads
    assertThat(vault.clientPorts).hasSize(1);
  }

  @Test
  void load_missingSecret_throwsNotFoundNamingAddressPathAndRemedy() {
    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultSecretNotFoundException.class)
        .hasMessageContaining("VAULT_ADDR=" + vault.address())
        .hasMessageContaining(SECRET)
        .hasMessageContaining("fieldcrypt generate --keyring vault:" + SECRET);
  }

  @Test
  void load_latestVersionDeleted_throwsNotFound() {
    stored(vault, keyring(1));
    vault.deletedLatest.add(SECRET);

    assertThatThrownBy(() -> source().load()).isInstanceOf(VaultSecretNotFoundException.class);
  }

  @Test
  void load_nonStringField_namesTheFieldNotTheValue() {
    vault.put(SECRET, Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"));
    vault.fail(
        "GET " + DATA_PATH,
        1,
        200,
        "{\"data\":{\"data\":{\"ENCRYPTION_KEYS__v1\":12345},\"metadata\":{\"version\":1}}}");

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("ENCRYPTION_KEYS__v1")
        .hasMessageNotContaining("12345");
  }

  @Test
  void update_writesANewVersionWithCheckAndSet_withoutEnvironmentOverrides() {
    Keyring k = stored(vault, keyring(2));
    env.put("ACTIVE_ENCRYPTION_VERSION", "v1");
    env.put("ENCRYPTION_KEYS__v1", Base64.getEncoder().encodeToString(new byte[32]));
    VaultKeySource source = source();

    KeyringChange change =
        source.update(r -> r.withActiveVersion(KeyVersion.generate(r.nextVersionLabel())));

    assertThat(change.changed()).isTrue();
    assertThat(change.before().activeVersion()).isEqualTo("v2");
    assertThat(change.after().activeVersion()).isEqualTo("v3");
    assertThat(change.previous()).isEqualTo("version 1 of vault " + SECRET);
    assertThat(vault.version(SECRET)).isEqualTo(2);
    Map<String, String> written = vault.latest(SECRET);
    assertThat(written.get("ACTIVE_ENCRYPTION_VERSION")).isEqualTo("v3");
    assertThat(written.get("ENCRYPTION_KEYS__v1"))
        .isEqualTo(KeyringEntries.toFields(k).get("ENCRYPTION_KEYS__v1"));
    assertThat(written)
        .containsKeys("ENCRYPTION_KEYS__v3", "ENCRYPTION_SALT__v3", "ENCRYPTION_SALT_HASH__v3");
  }

  @Test
  void update_keepsFieldsThatAreNotTheKeyrings() {
    Map<String, String> fields = new HashMap<>(KeyringEntries.toFields(keyring(1)));
    fields.put("owner", "team-a");
    vault.put(SECRET, fields);

    source().update(r -> r.withActiveVersion(KeyVersion.generate("v2")));

    assertThat(vault.latest(SECRET)).containsEntry("owner", "team-a");
  }

  @Test
  void update_changeReturnsItsArgument_writesNothing() {
    stored(vault, keyring(1));

    KeyringChange change = source().update(r -> r);

    assertThat(change.changed()).isFalse();
    assertThat(vault.version(SECRET)).isEqualTo(1);
  }

  @Test
  void update_anotherWriterWroteMeanwhile_throwsConflictAndKeepsTheirVersion() {
    stored(vault, keyring(1));
    VaultKeySource source = source();
    Keyring theirs = keyring(3);

    assertThatThrownBy(
            () ->
                source.update(
                    r -> {
                      vault.put(SECRET, KeyringEntries.toFields(theirs)); // the other operator
                      return r.withActiveVersion(KeyVersion.generate("v2"));
                    }))
        .isInstanceOf(KeyringConflictException.class)
        .isInstanceOf(VaultConflictException.class)
        .hasMessageContaining(SECRET)
        .hasMessageContaining("VAULT_ADDR=")
        .hasMessageContaining("Run the command again");
    assertThat(vault.version(SECRET)).isEqualTo(2);
    assertThat(vault.latest(SECRET)).isEqualTo(KeyringEntries.toFields(theirs));
  }

  @Test
  void update_noSecret_throwsNotFound() {
    assertThatThrownBy(() -> source().update(r -> r))
        .isInstanceOf(VaultSecretNotFoundException.class)
        .hasMessageContaining("fieldcrypt generate");
  }

  @Test
  void create_noSecret_writesWithCasZero() {
    Keyring k = keyring(1);

    KeyringChange change = source().create(k);

    assertThat(change.changed()).isTrue();
    assertThat(change.before()).isNull();
    assertThat(vault.version(SECRET)).isEqualTo(1);
    assertThat(vault.latest(SECRET)).isEqualTo(KeyringEntries.toFields(k));
  }

  @Test
  void create_secretExists_refuses() {
    stored(vault, keyring(1));

    assertThatThrownBy(() -> source().create(keyring(1)))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("already holds a keyring");
    assertThat(vault.version(SECRET)).isEqualTo(1);
  }

  @Test
  void create_otherCreatorWinsTheRace_throwsConflict() {
    vault.fail(
        "POST " + DATA_PATH,
        1,
        400,
        "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");

    assertThatThrownBy(() -> source().create(keyring(1)))
        .isInstanceOf(VaultConflictException.class);
  }

  @Test
  void create_latestVersionDeleted_writesOnTopOfIt() {
    stored(vault, keyring(1));
    vault.deletedLatest.add(SECRET);

    source().create(keyring(2));

    assertThat(vault.version(SECRET)).isEqualTo(2);
  }

  @Test
  void replace_overwritesAndNamesThePreviousVersion() {
    stored(vault, keyring(1));
    Keyring k = keyring(2);

    KeyringChange change = source().replace(k);

    assertThat(change.previous()).isEqualTo("version 1 of vault " + SECRET);
    assertThat(vault.latest(SECRET)).isEqualTo(KeyringEntries.toFields(k));
    assertThat(source().writable()).isTrue();
  }

  @Test
  void load_withinCacheTtl_servesTheCachedFields_andTtlZeroAlwaysReads() {
    stored(vault, keyring(1));
    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "5m");
    VaultKeySource source = VaultKeySource.create(SECRET, env, clock);

    source.load();
    stored(vault, keyring(2));
    assertThat(source.load().labels()).containsExactly("v1");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    assertThat(source.load().labels()).containsExactly("v1", "v2");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(2);

    stored(vault, keyring(3));
    source.invalidate();
    assertThat(source.load().labels()).hasSize(3);

    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "0");
    VaultKeySource uncached = VaultKeySource.create(SECRET, env, clock);
    uncached.load();
    uncached.load();
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(5);
  }

  @Test
  void load_absentSecret_isNotCached() {
    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "5m");
    VaultKeySource source = source();
    assertThatThrownBy(source::load).isInstanceOf(VaultSecretNotFoundException.class);

    stored(vault, keyring(1));

    assertThat(source.load().labels()).containsExactly("v1");
  }

  @Test
  void load_cacheAppliesEnvironmentOverridesEveryTime_andWritesRefreshIt() {
    stored(vault, keyring(2));
    env.put("FIELDCRYPT_VAULT_CACHE_TTL", "5m");
    VaultKeySource source = VaultKeySource.create(SECRET, env);
    source.load();

    source.update(r -> r.withActiveVersion(KeyVersion.generate("v3")));

    assertThat(source.load().activeVersion()).isEqualTo("v3");
    assertThat(vault.hits("GET " + DATA_PATH)).isEqualTo(2); // load, then update's fresh read
  }

  @Test
  void open_invalidLocation_throwsWithTheForm() {
    for (String bad : new String[] {"", "secret", "secret/", "/secret", "secret//x", "a/../b"}) {
      assertThatThrownBy(() -> KeySources.open("vault:" + bad, env))
          .as(bad)
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining("vault:MOUNT/PATH");
    }
  }

  @Test
  void location_firstSegmentIsTheMount() {
    VaultLocation l = VaultLocation.parse("kv/team a/app");
    assertThat(l.mount()).isEqualTo("kv");
    assertThat(l.path()).isEqualTo("team a/app");
    assertThat(l.dataPath()).isEqualTo("kv/data/team%20a/app");
  }
}
