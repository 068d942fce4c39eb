package dev.fieldcrypt.azure;

import static dev.fieldcrypt.azure.TestVaults.fields;
import static dev.fieldcrypt.azure.TestVaults.keyring;
import static dev.fieldcrypt.azure.TestVaults.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConflictException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AzureKeyVaultKeySourceTest {
  private final FakeKeyVault vault = TestVaults.vault();
  private final TestVaults.FixedToken credential = new TestVaults.FixedToken();

  @AfterEach
  void stop() {
    vault.close();
  }

  private AzureKeyVaultKeySource source(String name) {
    return TestVaults.source(vault, name, credential).build();
  }

  @Test
  void load_dotenvSecret_returnsKeyring_afterChallenge() {
    Keyring stored = keyring("v1", "v2");
    vault.put("fieldcrypt", KeyringEntries.toText(stored));

    Keyring loaded = source("fieldcrypt").load();

    assertThat(fields(loaded)).isEqualTo(fields(stored));
    assertThat(credential.scopes).contains("https://vault.azure.net/.default");
    // The first request went without a token and met the challenge; then the SDK authorized.
    assertThat(vault.requests().get(0).authorized()).isFalse();
    assertThat(vault.requests().get(0).status()).isEqualTo(401);
    assertThat(vault.count("GET", "/secrets/fieldcrypt")).isEqualTo(1);
  }

  @Test
  void load_jsonSecret_returnsKeyring() {
    Keyring stored = keyring("v1", "v2");
    String json =
        fields(stored).entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
            .collect(Collectors.joining(",\n  ", "  {\n  ", "\n}\n"));
    vault.put("fieldcrypt", json);

    assertThat(fields(source("fieldcrypt").load())).isEqualTo(fields(stored));
  }

  @Test
  void load_jsonSecretWithNonString_throwsWithoutValue() {
    Keyring stored = keyring("v1");
    String key = fields(stored).get("ENCRYPTION_KEYS__v1");
    vault.put(
        "fieldcrypt",
        "{\"ENCRYPTION_KEYS__v1\": \"" + key + "\", \"ACTIVE_ENCRYPTION_VERSION\": 1}");

    assertThatThrownBy(() -> source("fieldcrypt").load())
        .hasMessageContaining("ACTIVE_ENCRYPTION_VERSION' is not a string")
        .satisfies(e -> TestVaults.assertNoSecrets(e, key));
  }

  @Test
  void load_environmentOverridesSecret() {
    Keyring stored = keyring("v1", "v2");
    vault.put("fieldcrypt", KeyringEntries.toText(stored));

    Keyring loaded =
        TestVaults.source(vault, "fieldcrypt", credential)
            .environment(Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"))
            .build()
            .load();

    assertThat(loaded.activeVersion()).isEqualTo("v1");
    assertThat(loaded.labels()).containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void update_rotate_writesNewVersion_keepsPreviousInHistory() {
    Keyring stored = keyring("v1");
    String first = vault.put("fieldcrypt", KeyringEntries.toText(stored));
    vault.pageSize(1); // the version list is read page by page through nextLink
    AzureKeyVaultKeySource source =
        TestVaults.source(vault, "fieldcrypt", credential)
            .environment(Map.of("ACTIVE_ENCRYPTION_VERSION", "v1"))
            .build();

    KeyringChange change =
        source.update(k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));

    assertThat(change.written()).isTrue();
    assertThat(change.previous())
        .isEqualTo("version " + first + " of azure-kv " + vault.secretUrl("fieldcrypt"));
    assertThat(vault.versionIds("fieldcrypt")).hasSize(2).startsWith(first);
    assertThat(fields(parse(vault.values("fieldcrypt").get(0)))).isEqualTo(fields(stored));
    Keyring now = parse(vault.latestValue("fieldcrypt"));
    assertThat(now.labels()).containsExactlyInAnyOrder("v1", "v2");
    // Written without the environment's override: the stored active version is the new one.
    assertThat(now.activeVersion()).isEqualTo("v2");
    assertThat(fields(now)).isEqualTo(fields(change.after()));
    assertThat(vault.count("GET", "/secrets/fieldcrypt/versions")).isEqualTo(2);
  }

  @Test
  void update_changeReturnsItsArgument_writesNothing() {
    vault.put("fieldcrypt", KeyringEntries.toText(keyring("v1")));

    KeyringChange change = source("fieldcrypt").update(k -> k);

    assertThat(change.written()).isFalse();
    assertThat(vault.count("PUT", "/secrets/fieldcrypt")).isZero();
  }

  @Test
  void update_writerBeforeRecheck_conflict_storeUnchangedByThisCall() {
    String first = vault.put("fieldcrypt", KeyringEntries.toText(keyring("v1")));
    String theirs = KeyringEntries.toText(keyring("v1", "v9"));

    assertThatThrownBy(
            () ->
                source("fieldcrypt")
                    .update(
                        k -> {
                          vault.put("fieldcrypt", theirs); // another operator, meanwhile
                          return k.withActiveVersion(KeyVersion.generate("v2"));
                        }))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("changed since it was read")
        .hasMessageContaining("run the command again")
        .hasMessageContaining(first);

    assertThat(vault.values("fieldcrypt")).hasSize(2).last().isEqualTo(theirs);
    assertThat(vault.count("PUT", "/secrets/fieldcrypt")).isZero();
  }

  @Test
  void update_writerBetweenRecheckAndPut_conflictNamesBothVersions_noKeyLost() {
    Keyring stored = keyring("v1");
    String first = vault.put("fieldcrypt", KeyringEntries.toText(stored));
    Keyring theirs = stored.withActiveVersion(KeyVersion.generate("v2"));
    String[] theirId = new String[1];
    vault.beforeNextPut(() -> theirId[0] = vault.put("fieldcrypt", KeyringEntries.toText(theirs)));
    AzureKeyVaultKeySource source = source("fieldcrypt");
    Keyring[] ours = new Keyring[1];

    assertThatThrownBy(
            () -> source.update(k -> ours[0] = k.withActiveVersion(KeyVersion.generate("v2-ours"))))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("changed since it was read")
        .hasMessageContaining(first)
        .hasMessageContaining(theirId[0])
        .hasMessageContaining(vault.versionIds("fieldcrypt").get(2));

    // Every keyring is still in the history: the one read, theirs, and ours (with all it read).
    List<Keyring> history =
        vault.values("fieldcrypt").stream().map(AzureKeyVaultKeySourceTest::parse).toList();
    assertThat(history).hasSize(3);
    assertThat(fields(history.get(1))).isEqualTo(fields(theirs));
    assertThat(fields(history.get(2))).isEqualTo(fields(ours[0]));
    assertThat(history.get(2).labels()).containsAll(stored.labels());
  }

  @Test
  void create_newSecret_writesFirstVersion() {
    Keyring keyring = keyring("v1");

    KeyringChange change = source("fresh").create(keyring);

    assertThat(change.written()).isTrue();
    assertThat(change.before()).isNull();
    assertThat(vault.values("fresh")).hasSize(1);
    assertThat(fields(parse(vault.latestValue("fresh")))).isEqualTo(fields(keyring));
  }

  @Test
  void create_anotherCreatorBetweenCheckAndPut_conflict_bothVersionsKept() {
    Keyring theirs = keyring("v1");
    vault.beforeNextPut(() -> vault.put("fresh", KeyringEntries.toText(theirs)));

    assertThatThrownBy(() -> source("fresh").create(keyring("v1")))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("none (the secret did not exist)");
    assertThat(vault.values("fresh")).hasSize(2);
    assertThat(fields(parse(vault.values("fresh").get(0)))).isEqualTo(fields(theirs));
  }

  @Test
  void update_putAnswerLost_sdkRetries_ownDuplicateVersionIsNoConflict() {
    vault.put("fieldcrypt", KeyringEntries.toText(keyring("v1")));
    vault.loseNextPutAnswer();

    KeyringChange change =
        source("fieldcrypt").update(k -> k.withActiveVersion(KeyVersion.generate("v2")));

    assertThat(change.written()).isTrue();
    // Two versions of this one write (same content, same fieldcrypt-write tag), no conflict.
    assertThat(vault.count("PUT", "/secrets/fieldcrypt")).isEqualTo(2);
    assertThat(vault.values("fieldcrypt")).hasSize(3);
    assertThat(fields(parse(vault.values("fieldcrypt").get(1))))
        .isEqualTo(fields(parse(vault.values("fieldcrypt").get(2))));
  }

  @Test
  void create_existingSecret_conflict() {
    vault.put("fieldcrypt", "not a keyring");

    assertThatThrownBy(() -> source("fieldcrypt").create(keyring("v1")))
        .isInstanceOf(KeyringConflictException.class)
        .hasMessageContaining("already exists");
    assertThat(vault.values("fieldcrypt")).hasSize(1);
  }

  @Test
  void replace_damagedSecret_writesNewVersion_previousNamed() {
    String first = vault.put("fieldcrypt", "ENCRYPTION_KEYS__v1=\"broken\"\n");
    Keyring keyring = keyring("v1");

    KeyringChange change = source("fieldcrypt").replace(keyring);

    assertThat(change.before()).isNull();
    assertThat(change.previous()).contains(first);
    assertThat(fields(parse(vault.latestValue("fieldcrypt")))).isEqualTo(fields(keyring));
  }

  private static Keyring parse(String dotenv) {
    return KeyringEntries.fromText(dotenv, "test", Map.of());
  }
}
