package dev.fieldcrypt.azure;

import static dev.fieldcrypt.azure.TestVaults.assertNoSecrets;
import static dev.fieldcrypt.azure.TestVaults.fields;
import static dev.fieldcrypt.azure.TestVaults.keyring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import dev.fieldcrypt.azure.AzureKeyVaultException.Failure;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Each failure of the service or the network is retried where the SDK's policy says so, then
 * surfaces as one typed {@link AzureKeyVaultException} naming the vault, the secret and the remedy,
 * with neither the token nor any key in the message or the stack trace.
 */
class AzureKeyVaultFaultsTest {
  private static final String PATH = "/secrets/fieldcrypt";

  private final FakeKeyVault vault = TestVaults.vault();
  private final Keyring stored = keyring("v1", "v2");
  private String[] secrets;

  @BeforeEach
  void store() {
    String value = KeyringEntries.toText(stored);
    vault.put("fieldcrypt", value);
    secrets =
        fields(stored).entrySet().stream()
            .filter(e -> !e.getKey().equals("ACTIVE_ENCRYPTION_VERSION"))
            .map(Map.Entry::getValue)
            .toArray(String[]::new);
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private AzureKeyVaultKeySource source(TokenCredential credential) {
    return TestVaults.source(vault, "fieldcrypt", credential).build();
  }

  private AzureKeyVaultKeySource source() {
    return source(new TestVaults.FixedToken());
  }

  private AzureKeyVaultException loadFails(AzureKeyVaultKeySource source, Failure failure) {
    AzureKeyVaultException e = catchThrowableOfType(AzureKeyVaultException.class, source::load);
    assertThat(e).as("load must fail").isNotNull();
    assertThat(e.failure()).isEqualTo(failure);
    assertThat(e.getMessage()).contains(vault.vaultUrl()).contains("fieldcrypt");
    assertNoSecrets(e, secrets);
    return e;
  }

  @Test
  void load_throttledTwice_retriedAndLoaded() {
    vault.failNext(2, 429, "Throttled");

    assertThat(fields(source().load())).isEqualTo(fields(stored));
    assertThat(vault.count("GET", PATH)).isEqualTo(3);
  }

  @Test
  void load_throttledThroughEveryRetry_throttled() {
    vault.failNext(100, 429, "Throttled");

    AzureKeyVaultException e = loadFails(source(), Failure.THROTTLED);

    assertThat(vault.count("GET", PATH)).isEqualTo(1 + TestVaults.FAST.maxRetries());
    assertThat(e.getMessage()).contains("429").contains(AzureSettings.MAX_RETRIES);
  }

  @Test
  void load_serverErrorThenOk_retried_persistentServerError_serviceError() {
    vault.failNext(1, 500, "InternalError");
    assertThat(fields(source().load())).isEqualTo(fields(stored));

    vault.failNext(100, 503, "ServiceUnavailable");
    AzureKeyVaultException e = loadFails(source(), Failure.SERVICE_ERROR);
    assertThat(e.getMessage()).contains("503").contains("ServiceUnavailable");
  }

  @Test
  void load_forbidden_permissionDenied_notRetried() {
    vault.failNext(1, 403, "ForbiddenByRbac");

    AzureKeyVaultException e = loadFails(source(), Failure.PERMISSION_DENIED);

    assertThat(vault.count("GET", PATH)).isEqualTo(1);
    assertThat(e.getMessage())
        .contains("403, ForbiddenByRbac")
        .contains("Key Vault Secrets User")
        .contains("reading");
  }

  @Test
  void update_putForbidden_permissionDenied_namesTheWrite() {
    vault.failNext("PUT", 1, 403, "ForbiddenByRbac");

    AzureKeyVaultException e =
        catchThrowableOfType(
            AzureKeyVaultException.class,
            () -> source().update(k -> k.withActiveVersion(KeyVersion.generate("v3"))));

    assertThat(e.failure()).isEqualTo(Failure.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("writing a new version of").contains("Secrets Officer");
    assertThat(vault.values("fieldcrypt")).hasSize(1);
    assertNoSecrets(e, secrets);
  }

  @Test
  void load_missingSecret_notFound_saysHowToCreate() {
    AzureKeyVaultKeySource missing =
        TestVaults.source(vault, "other", new TestVaults.FixedToken()).build();

    AzureKeyVaultException e = catchThrowableOfType(AzureKeyVaultException.class, missing::load);

    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("no secret other in " + vault.vaultUrl())
        .contains("az keyvault secret set")
        .contains("--name other");
  }

  @Test
  void load_tokenRefused_authentication() {
    TestVaults.FixedToken wrong = new TestVaults.FixedToken("fc-wrong-token-d41d8c");

    AzureKeyVaultException e = loadFails(source(wrong), Failure.AUTHENTICATION);

    assertThat(e.getMessage()).contains("401").contains("DefaultAzureCredential");
    assertNoSecrets(e, "fc-wrong-token-d41d8c");
  }

  @Test
  void load_noCredentialAvailable_authentication_saysWhy() {
    TokenCredential none =
        request ->
            Mono.<AccessToken>error(
                new CredentialUnavailableException(
                    "DefaultAzureCredential failed to retrieve a token from the included"
                        + " credentials.\nEnvironmentCredential authentication unavailable."));

    AzureKeyVaultException e = loadFails(source(none), Failure.AUTHENTICATION);

    assertThat(e.getMessage())
        .contains("CredentialUnavailableException")
        .contains("failed to retrieve a token")
        .contains("managed identity");
  }

  @Test
  void load_connectionRefused_unreachable_afterRetries() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    AzureKeyVaultKeySource source =
        AzureKeyVaultKeySource.builder()
            .secretUrl("https://127.0.0.1:" + port + "/secrets/fieldcrypt")
            .settings(TestVaults.FAST)
            .credential(new TestVaults.FixedToken())
            .httpClient(TestVaults.httpClient())
            .skipChallengeResourceVerification()
            .build();

    AzureKeyVaultException e = catchThrowableOfType(AzureKeyVaultException.class, source::load);

    assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
    assertThat(e.getMessage())
        .contains("https://127.0.0.1:" + port + "/secrets/fieldcrypt")
        .contains("cannot be reached")
        .contains("after 3 retries");
    assertNoSecrets(e, secrets);
  }

  @Test
  void load_challengeForAnotherResource_refusedWithoutAskingForAToken() {
    TestVaults.FixedToken credential = new TestVaults.FixedToken();
    AzureKeyVaultKeySource verifying =
        AzureKeyVaultKeySource.builder()
            .secretUrl(vault.secretUrl("fieldcrypt"))
            .environment(Map.of())
            .settings(TestVaults.FAST)
            .credential(credential)
            .httpClient(TestVaults.httpClient())
            .build();

    AzureKeyVaultException e = catchThrowableOfType(AzureKeyVaultException.class, verifying::load);

    // The challenge names https://vault.azure.net, not 127.0.0.1: the SDK sends no token there.
    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
    assertThat(e.getMessage()).contains("no token was sent").contains(vault.vaultUrl());
    assertThat(credential.scopes).isEmpty();
    assertNoSecrets(e, secrets);
  }
}
