package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.env;
import static dev.fieldcrypt.vault.VaultTests.keyring;
import static dev.fieldcrypt.vault.VaultTests.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token sources, AppRole and Kubernetes logins, renewal and re-login. */
class VaultAuthTest extends FakeVaultTestBase {
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    env.remove("VAULT_TOKEN");
    stored(vault, keyring(1));
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content + "\n");
    return p;
  }

  @Test
  void appRole_logsIn_andReadsWithTheIssuedToken() {
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);

    assertThat(source().load().labels()).containsExactly("v1");
    assertThat(vault.hits("POST auth/approle/login")).isEqualTo(1);
  }

  @Test
  void appRole_fromFiles() throws Exception {
    env.put("VAULT_ROLE_ID_FILE", file("role", FakeVault.ROLE_ID).toString());
    env.put("VAULT_SECRET_ID_FILE", file("secret", FakeVault.SECRET_ID).toString());

    assertThat(source().load().labels()).containsExactly("v1");
  }

  @Test
  void appRole_refused_isAuthenticationErrorNamingTheSettingsNotTheSecretId() {
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", "wrong-secret-id-77");

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining("AppRole login")
        .hasMessageContaining("VAULT_ROLE_ID and VAULT_SECRET_ID")
        .hasMessageNotContaining("wrong-secret-id-77");
  }

  @Test
  void kubernetes_logsInWithTheServiceAccountToken() throws Exception {
    env.put("VAULT_KUBERNETES_ROLE", FakeVault.K8S_ROLE);
    env.put("VAULT_KUBERNETES_TOKEN_FILE", file("sa-token", FakeVault.K8S_JWT).toString());

    assertThat(source().load().labels()).containsExactly("v1");
    assertThat(vault.hits("POST auth/kubernetes/login")).isEqualTo(1);
  }

  @Test
  void kubernetes_missingTokenFile_namesTheFile() {
    env.put("VAULT_KUBERNETES_ROLE", FakeVault.K8S_ROLE);
    env.put("VAULT_KUBERNETES_TOKEN_FILE", dir.resolve("absent").toString());

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining(dir.resolve("absent").toString());
  }

  @Test
  void kubernetes_defaultTokenFileAndMount() {
    VaultConfig c = VaultConfig.from(Map.of("VAULT_KUBERNETES_ROLE", "r"));
    assertThat(c.credentials().kubernetesTokenFile())
        .isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(c.credentials().kubernetesMount()).isEqualTo("kubernetes");
  }

  @Test
  void token_fromVaultTokenFile() throws Exception {
    env.put("VAULT_TOKEN_FILE", file("token", FakeVault.ROOT_TOKEN).toString());

    assertThat(source().load().labels()).containsExactly("v1");
  }

  @Test
  void token_fromTheCliTokenHelperFileInHome() throws Exception {
    file(".vault-token", FakeVault.ROOT_TOKEN);
    env.put("HOME", dir.toString());

    assertThat(source().load().labels()).containsExactly("v1");
  }

  @Test
  void token_appRoleWinsOverTheHelperFile() throws Exception {
    file(".vault-token", "hvs.stale");
    env.put("HOME", dir.toString());
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);

    assertThat(source().load().labels()).containsExactly("v1");
    assertThat(vault.hits("GET auth/token/lookup-self")).isZero();
  }

  @Test
  void noCredentials_listsTheWaysToGiveThem() {
    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining("VAULT_TOKEN")
        .hasMessageContaining("VAULT_ROLE_ID")
        .hasMessageContaining("VAULT_KUBERNETES_ROLE")
        .hasMessageContaining("vault login");
  }

  @Test
  void renewal_renewsSelfOnceTwoThirdsOfTheTtlHavePassed() {
    env.put("VAULT_TOKEN", vault.issueToken(60, true));
    VaultKeySource source = source();
    source.load();

    clock.advance(Duration.ofSeconds(30));
    source.load();
    assertThat(vault.hits("POST auth/token/renew-self")).isZero();

    clock.advance(Duration.ofSeconds(11));
    source.load();
    assertThat(vault.hits("POST auth/token/renew-self")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    source.load();
    assertThat(vault.hits("POST auth/token/renew-self")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(15));
    source.load();
    assertThat(vault.hits("POST auth/token/renew-self")).isEqualTo(2);
  }

  @Test
  void renewal_refused_logsInAgainWithAppRole() {
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);
    vault.loginTtl = 60;
    vault.loginRenewable = false;
    VaultKeySource source = source();
    source.load();

    clock.advance(Duration.ofSeconds(45));
    source.load();

    assertThat(vault.hits("POST auth/approle/login")).isEqualTo(2);
    assertThat(vault.hits("POST auth/token/renew-self")).isZero();
  }

  @Test
  void renewal_renewableLoginToken_isRenewedNotReplaced() {
    env.put("VAULT_ROLE_ID", FakeVault.ROLE_ID);
    env.put("VAULT_SECRET_ID", FakeVault.SECRET_ID);
    vault.loginTtl = 60;
    VaultKeySource source = source();
    source.load();

    clock.advance(Duration.ofSeconds(45));
    source.load();

    assertThat(vault.hits("POST auth/token/renew-self")).isEqualTo(1);
    assertThat(vault.hits("POST auth/approle/login")).isEqualTo(1);
  }

  @Test
  void renewal_notRenewableWithoutLogin_usesTheTokenUntilItExpires_thenSaysSo() {
    env.put("VAULT_TOKEN", vault.issueToken(60, false));
    VaultKeySource source = source();
    source.load();

    clock.advance(Duration.ofSeconds(45));
    assertThat(source.load().labels()).containsExactly("v1");

    clock.advance(Duration.ofSeconds(20));
    assertThatThrownBy(source::load)
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining("expired")
        .hasMessageContaining("VAULT_TOKEN");
  }

  @Test
  void token_invalidAtStart_isAuthenticationError() {
    env.put("VAULT_TOKEN", "hvs.not-a-token-1234");

    assertThatThrownBy(() -> source().load())
        .isInstanceOf(VaultAuthenticationException.class)
        .hasMessageContaining("token from VAULT_TOKEN")
        .hasMessageNotContaining("hvs.not-a-token-1234");
  }
}
