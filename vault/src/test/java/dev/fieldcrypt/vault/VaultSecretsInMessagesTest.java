package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.DATA_PATH;
import static dev.fieldcrypt.vault.VaultTests.SECRET;
import static dev.fieldcrypt.vault.VaultTests.env;
import static dev.fieldcrypt.vault.VaultTests.keyring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No failure's message (nor any cause's) holds a token, a secret id, a JWT or a field value. */
class VaultSecretsInMessagesTest {
  @TempDir Path dir;
  private FakeVault vault;
  private Keyring keyring;
  private final List<String> secrets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vault = FakeVault.start();
    keyring = keyring(2);
    vault.put(SECRET, KeyringEntries.toFields(keyring));
    secrets.add(FakeVault.ROOT_TOKEN);
    secrets.add(FakeVault.SECRET_ID);
    secrets.add(FakeVault.K8S_JWT);
    KeyringEntries.toFields(keyring)
        .forEach(
            (k, v) -> {
              if (!k.equals("ACTIVE_ENCRYPTION_VERSION")) {
                secrets.add(v);
              }
            });
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private void assertClean(String scenario, Consumer<Map<String, String>> setup, boolean write) {
    Map<String, String> env = env(vault);
    setup.accept(env);
    VaultKeySource source = VaultKeySource.create(SECRET, env);
    Throwable t =
        catchThrowable(
            () -> {
              if (write) {
                source.update(
                    r -> {
                      vault.put(SECRET, KeyringEntries.toFields(keyring(3)));
                      return r.withActiveVersion(KeyVersion.generate("v9"));
                    });
              } else {
                source.load();
              }
            });
    assertThat(t).as(scenario).isNotNull();
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (String s : secrets) {
        assertThat(String.valueOf(c.getMessage())).as(scenario).doesNotContain(s);
        assertThat(c.toString()).as(scenario).doesNotContain(s);
      }
    }
    assertThat(source.toString()).doesNotContain(FakeVault.ROOT_TOKEN);
  }

  @Test
  void failures_neverShowSecrets() throws Exception {
    Path jwt = Files.writeString(dir.resolve("jwt"), FakeVault.K8S_JWT);
    assertClean("permission denied", env -> vault.denied.add(DATA_PATH), false);
    vault.denied.clear();
    assertClean("invalid token", env -> env.put("VAULT_TOKEN", FakeVault.ROOT_TOKEN + "x"), false);
    assertClean(
        "approle refused",
        env -> {
          env.remove("VAULT_TOKEN");
          env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
          env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);
          vault.fail("auth/approle/login", 1, 400, "{\"errors\":[\"invalid role or secret ID\"]}");
        },
        false);
    assertClean(
        "kubernetes refused",
        env -> {
          env.remove("VAULT_TOKEN");
          env.put("VAULT_KUBERNETES_ROLE", "other-role");
          env.put("VAULT_KUBERNETES_TOKEN_FILE", jwt.toString());
        },
        false);
    assertClean("conflict", env -> {}, true);
    assertClean(
        "server error",
        env -> {
          env.put("FIELDCRYPT_VAULT_RETRIES", "0");
          vault.fail("GET " + DATA_PATH, 1, 500, "{\"errors\":[\"internal error\"]}");
        },
        false);
    assertClean(
        "bad keyring field",
        env -> {
          Map<String, String> f = new java.util.HashMap<>(KeyringEntries.toFields(keyring));
          f.put("ENCRYPTION_SALT_HASH__v1", "00" + f.get("ENCRYPTION_SALT_HASH__v1").substring(2));
          vault.put(SECRET, f);
        },
        false);
    vault.health = FakeVault.Health.SEALED;
    assertClean("sealed", env -> env.put("FIELDCRYPT_VAULT_RETRIES", "0"), false);
  }
}
