package dev.fieldcrypt.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fieldcrypt.azure.AzureKeyVaultException.Failure;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureKeyVaultKeySourceProviderTest {

  @Test
  void open_azureKvUri_foundByServiceLoader_describesTheSecret() {
    KeySource source =
        KeySources.open("azure-kv:https://App-KV.vault.azure.net/secrets/fieldcrypt", Map.of());

    assertThat(KeySources.schemes()).contains("azure-kv");
    assertThat(source).isInstanceOf(AzureKeyVaultKeySource.class);
    assertThat(source.writable()).isTrue();
    assertThat(source.describe())
        .isEqualTo("azure-kv https://app-kv.vault.azure.net/secrets/fieldcrypt + environment");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://x.vault.azure.net/secrets/k | https only",
        "https://x.vault.azure.net/keys/k | /secrets/<name>",
        "https://x.vault.azure.net/secrets/k/0123abcd | names a version",
        "https://x.vault.azure.net/secrets/bad_name | 1 to 127 letters",
        "https://x.vault.azure.net/secrets/k?api-version=7.4 | query",
        "https://user:pw@x.vault.azure.net/secrets/k | user information",
      })
  void open_invalidLocation_throwsNamingTheForm(String location, String why) {
    assertThatThrownBy(() -> KeySources.open("azure-kv:" + location, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(why)
        .hasMessageContaining("azure-kv:https://<vault>.vault.azure.net/secrets/<name>");
  }

  @Test
  void settings_fromEnvironment_appliedAndValidated() {
    AzureSettings s =
        AzureSettings.from(
            Map.of(
                AzureSettings.MAX_RETRIES, "5",
                AzureSettings.RETRY_DELAY_MS, "100",
                AzureSettings.MAX_RETRY_DELAY_MS, "2000",
                AzureSettings.TIMEOUT_MS, "3000"));

    assertThat(s)
        .isEqualTo(
            new AzureSettings(
                5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(3)));
    assertThat(AzureSettings.from(Map.of())).isEqualTo(AzureSettings.defaults());
    assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.MAX_RETRIES, "many")))
        .hasMessageContaining("FIELDCRYPT_AZURE_MAX_RETRIES='many' is not a whole number");
    assertThatThrownBy(() -> AzureSettings.from(Map.of(AzureSettings.MAX_RETRIES, "99")))
        .hasMessageContaining("FIELDCRYPT_AZURE_MAX_RETRIES=99 is out of range; allowed: 0 to 10");
  }

  @Test
  void open_environmentSettings_reachTheSource_unreachableAfterConfiguredRetries()
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // DefaultAzureCredential from this map: the first request goes without a token, so a vault
    // that does not answer fails before any credential is tried.
    KeySource source =
        KeySources.open(
            "azure-kv:https://127.0.0.1:" + port + "/secrets/fieldcrypt",
            Map.of(AzureSettings.MAX_RETRIES, "1", AzureSettings.RETRY_DELAY_MS, "5"));

    AzureKeyVaultException e = catchThrowableOfType(AzureKeyVaultException.class, source::load);

    assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
    assertThat(e.getMessage()).contains("after 1 retry)");
  }
}
