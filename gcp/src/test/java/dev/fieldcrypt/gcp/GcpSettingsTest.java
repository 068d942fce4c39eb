package dev.fieldcrypt.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyringConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcpSettingsTest {
  @Test
  void defaults_fiveAttemptsWithinThirtySeconds() {
    GcpSettings s = GcpSettings.fromEnvironment(Map.of());
    RetrySettings r = s.retrySettings();
    assertThat(s.endpoint()).isNull();
    assertThat(r.getMaxAttempts()).isEqualTo(5);
    assertThat(r.getInitialRetryDelayDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(r.getMaxRetryDelayDuration()).isEqualTo(Duration.ofSeconds(8));
    assertThat(r.getTotalTimeoutDuration()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void environment_setsRetriesAndEndpoint() throws Exception {
    GcpSettings s =
        GcpSettings.fromEnvironment(
            Map.of(
                GcpSettings.ENDPOINT, "private.googleapis.com:443",
                GcpSettings.MAX_ATTEMPTS, "2",
                GcpSettings.INITIAL_BACKOFF_MS, "100",
                GcpSettings.MAX_BACKOFF_MS, "400",
                GcpSettings.TIMEOUT_MS, "9000"));
    assertThat(s.retrySettings().getMaxAttempts()).isEqualTo(2);
    assertThat(s.retrySettings().getMaxRetryDelayDuration()).isEqualTo(Duration.ofMillis(400));
    var client = s.clientSettings(null, NoCredentialsProvider.create());
    assertThat(client.getEndpoint()).isEqualTo("private.googleapis.com:443");
    assertThat(client.accessSecretVersionSettings().getRetrySettings().getMaxAttempts())
        .isEqualTo(2);
    assertThat(client.updateSecretSettings().getRetryableCodes()).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "21", "many", "-1"})
  void maxAttempts_outOfRange_namesVariableAndRange(String value) {
    assertThatThrownBy(() -> GcpSettings.fromEnvironment(Map.of(GcpSettings.MAX_ATTEMPTS, value)))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("FIELDCRYPT_GCP_MAX_ATTEMPTS")
        .hasMessageContaining("from 1 to 20");
  }

  @Test
  void maxBackoffBelowInitial_isRefused() {
    assertThatThrownBy(
            () ->
                GcpSettings.fromEnvironment(
                    Map.of(
                        GcpSettings.INITIAL_BACKOFF_MS, "500", GcpSettings.MAX_BACKOFF_MS, "100")))
        .hasMessageContaining("FIELDCRYPT_GCP_MAX_BACKOFF_MS");
  }

  @Test
  void endpoint_notHostPort_isRefused() {
    assertThatThrownBy(
            () -> GcpSettings.fromEnvironment(Map.of(GcpSettings.ENDPOINT, "https://x.example/")))
        .hasMessageContaining("FIELDCRYPT_GCP_ENDPOINT must be host:port");
  }

  @Test
  void keySources_opensGcpSmUri_withoutIo() {
    KeySource s =
        KeySources.open("gcp-sm:projects/my-project/secrets/fieldcrypt-keyring", Map.of());
    assertThat(s).isInstanceOf(GcpSecretManagerKeySource.class);
    assertThat(s.describe())
        .isEqualTo("gcp-sm projects/my-project/secrets/fieldcrypt-keyring + environment");
    assertThat(KeySources.schemes()).contains("gcp-sm");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gcp-sm:my-secret",
        "gcp-sm:projects/p/secrets/s",
        "gcp-sm:projects/my-project/secrets/s/versions/3",
        "gcp-sm:projects/my-project/secrets/bad secret"
      })
  void keySources_badLocation_showsTheForm(String uri) {
    assertThatThrownBy(() -> KeySources.open(uri, Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("gcp-sm:projects/PROJECT/secrets/SECRET");
  }
}
