package dev.fieldcrypt.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyWrappers;
import dev.fieldcrypt.core.KeyringConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key names and settings the {@code gcp-kms:} wrapper accepts, checked before any call. */
class GcpKmsSettingsTest {
  private static final String KEY = GcpKmsKeyWrapperTest.KEY;

  @Test
  void defaults_areGooglesEndpointWithCredentials() {
    GcpKmsSettings s = GcpKmsSettings.fromEnvironment(Map.of());
    assertThat(s.endpoint()).hasToString("https://cloudkms.googleapis.com");
    assertThat(s.sendsCredentials()).isTrue();
    assertThat(s.maxAttempts()).isEqualTo(5);
    assertThat(s.methodUri(KEY, "decrypt"))
        .hasToString("https://cloudkms.googleapis.com/v1/" + KEY + ":decrypt");
  }

  @Test
  void endpoint_httpsAnywhere_httpOnlyOnLoopback_withoutCredentials() {
    assertThat(endpoint("https://cloudkms-psc.p.googleapis.com/").endpoint())
        .hasToString("https://cloudkms-psc.p.googleapis.com");
    GcpKmsSettings local = endpoint("http://localhost:8080");
    assertThat(local.sendsCredentials()).isFalse();
    assertThat(endpoint("http://[::1]:9").endpoint()).hasToString("http://[::1]:9");

    assertThatThrownBy(() -> endpoint("http://kms.internal.example:80"))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining(GcpSettings.KMS_ENDPOINT)
        .hasMessageContaining("not loopback")
        .hasMessageContaining("Use https://");
    for (String bad :
        new String[] {"cloudkms.googleapis.com:443", "https://h/v1", "ftp://h", "https://u:p@h"}) {
      assertThatThrownBy(() -> endpoint(bad))
          .as(bad)
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining("is not a base URL; write https://HOST[:PORT]");
    }
  }

  @Test
  void retrySettings_areValidatedWithTheirRange() {
    assertThatThrownBy(() -> GcpKmsSettings.fromEnvironment(Map.of(GcpSettings.MAX_ATTEMPTS, "0")))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("FIELDCRYPT_GCP_MAX_ATTEMPTS='0' is not a whole number from 1 to 20");
  }

  @Test
  void keyName_ofAnotherShape_isRefusedNamingTheExpectedForm() {
    for (String bad :
        new String[] {
          "my-key",
          "projects/p/locations/global/keyRings/r",
          "projects/p/locations/global/keyRings/r/cryptoKeys/k/extra",
          "projects/p/secrets/s",
          "projects/p/locations/global/keyRings/r w/cryptoKeys/k"
        }) {
      assertThatThrownBy(() -> KeyWrappers.open("gcp-kms:" + bad, Map.of()))
          .as(bad)
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining("does not name a Cloud KMS key")
          .hasMessageContaining(CryptoKeyName.SHAPE);
    }
    assertThatThrownBy(() -> KeyWrappers.open("gcp-kms:" + KEY + "/cryptoKeyVersions/1", Map.of()))
        .hasMessageContaining("without /cryptoKeyVersions/N");
    CryptoKeyName n = CryptoKeyName.parse(KEY);
    assertThat(n.location()).isEqualTo("global");
    assertThat(n).hasToString(KEY);
  }

  private static GcpKmsSettings endpoint(String url) {
    return GcpKmsSettings.fromEnvironment(Map.of(GcpSettings.KMS_ENDPOINT, url));
  }
}
