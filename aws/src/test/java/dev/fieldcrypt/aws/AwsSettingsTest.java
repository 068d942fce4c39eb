package dev.fieldcrypt.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyringConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/keys-AbCdEf";

  @Test
  void of_defaults_sdkStandardAttempts_noRegionNoEndpoint() {
    AwsSettings s = AwsSettings.of("prod/keys", Map.of());

    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.region()).isEmpty();
    assertThat(s.endpoint()).isEmpty();
    assertThat(AwsClients.retryStrategy(s).maxAttempts()).isEqualTo(3);
  }

  @Test
  void of_awsRegionBeforeAwsDefaultRegion() {
    assertThat(AwsSettings.of("k", Map.of("AWS_DEFAULT_REGION", "eu-west-2")).region())
        .contains("eu-west-2");
    assertThat(
            AwsSettings.of("k", Map.of("AWS_REGION", "us-east-2", "AWS_DEFAULT_REGION", "x"))
                .region())
        .contains("us-east-2");
  }

  @Test
  void of_arn_regionOfTheArnWins() {
    assertThat(AwsSettings.of(ARN, Map.of("AWS_REGION", "us-east-1")).region())
        .contains("eu-west-1");
  }

  @Test
  void of_maxAttempts_configuresSdkRetryStrategy() {
    AwsSettings s = AwsSettings.of("k", Map.of(AwsSettings.MAX_ATTEMPTS, "7"));

    assertThat(AwsClients.retryStrategy(s).maxAttempts()).isEqualTo(7);
  }

  @Test
  void of_maxAttemptsOutOfRange_throwsNamingVariableAndRange() {
    for (String bad : new String[] {"0", "11", "three"}) {
      assertThatThrownBy(() -> AwsSettings.of("k", Map.of(AwsSettings.MAX_ATTEMPTS, bad)))
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining(AwsSettings.MAX_ATTEMPTS + "='" + bad + "'")
          .hasMessageContaining("from 1 to 10");
    }
  }

  @Test
  void of_endpointNotHttp_orWithUserInfo_throwsWithoutEchoingIt() {
    for (String bad : new String[] {"ftp://host", "not a url", "https://user:pw@host"}) {
      assertThatThrownBy(() -> AwsSettings.of("k", Map.of(AwsSettings.ENDPOINT, bad)))
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining(AwsSettings.ENDPOINT)
          .hasMessageNotContaining("pw@");
    }
  }

  @Test
  void of_blankSecretId_throws() {
    assertThatThrownBy(() -> AwsSettings.of(" ", Map.of()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("aws-sm:<secret name or ARN>");
  }
}
