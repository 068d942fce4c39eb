package dev.fieldcrypt.aws;

import static dev.fieldcrypt.aws.AwsTestSupport.dotenv;
import static dev.fieldcrypt.aws.AwsTestSupport.env;
import static dev.fieldcrypt.aws.AwsTestSupport.keyring;
import static dev.fieldcrypt.aws.AwsTestSupport.material;
import static dev.fieldcrypt.aws.AwsTestSupport.messages;
import static dev.fieldcrypt.aws.AwsTestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.aws.AwsKeySourceException.Reason;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults: the SDK's retries, and one typed error per case that leaks nothing. */
class AwsFaultsTest {
  private static final String ID = "prod/fieldcrypt-keys";

  private FakeSecretsManager aws;
  private Keyring keyring;
  private final List<Throwable> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    keyring = keyring("v1", "v2");
    aws.put(ID, dotenv(keyring));
  }

  @AfterEach
  void stop() {
    aws.close();
    // Whatever failed in a test, no message anywhere in the chain holds a key, salt or credential.
    for (Throwable t : seen) {
      assertThat(messages(t)).doesNotContain(material(keyring));
    }
  }

  @Test
  void load_throttledTwiceThenServed_retriedBySdk() {
    aws.fail("GetSecretValue", 2, 400, "ThrottlingException");

    assertThat(load(Map.of()).labels()).containsExactly("v1", "v2");
    assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
  }

  @Test
  void load_throttledOnEveryAttempt_throttledAfterMaxAttempts() {
    aws.fail("GetSecretValue", 10, 400, "ThrottlingException");

    AwsKeySourceException e = failure(Map.of(AwsSettings.MAX_ATTEMPTS, "4"));

    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
    assertThat(e.reason().transientFailure()).isTrue();
    assertThat(aws.calls("GetSecretValue")).isEqualTo(4);
    assertThat(e).hasMessageContaining(ID).hasMessageContaining("us-east-1");
    assertThat(e).hasMessageContaining(AwsSettings.MAX_ATTEMPTS);
  }

  @Test
  void load_http429_throttled() {
    aws.fail("GetSecretValue", 10, 429, "TooManyRequestsException");

    assertThat(failure(Map.of()).reason()).isEqualTo(Reason.THROTTLED);
    assertThat(aws.calls("GetSecretValue")).isEqualTo(AwsSettings.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void load_maxAttemptsOne_noRetry() {
    aws.fail("GetSecretValue", 1, 500, "InternalServiceError");

    AwsKeySourceException e = failure(Map.of(AwsSettings.MAX_ATTEMPTS, "1"));

    assertThat(e.reason()).isEqualTo(Reason.SERVICE_ERROR);
    assertThat(aws.calls("GetSecretValue")).isEqualTo(1);
  }

  @Test
  void load_serverError500_retriedThenServed() {
    aws.fail("GetSecretValue", 2, 500, "InternalServiceError");

    assertThat(load(Map.of()).activeVersion()).isEqualTo("v2");
    assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
  }

  @Test
  void load_serverErrorOnEveryAttempt_serviceError() {
    aws.fail("GetSecretValue", 10, 500, "InternalServiceError");

    AwsKeySourceException e = failure(Map.of());

    assertThat(e.reason()).isEqualTo(Reason.SERVICE_ERROR);
    assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
  }

  @Test
  void load_unrecognizedClient_authenticationFailed_notRetried() {
    aws.fail("GetSecretValue", 1, 403, "UnrecognizedClientException");

    AwsKeySourceException e = failure(Map.of());

    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
    assertThat(e.reason().transientFailure()).isFalse();
    assertThat(aws.calls("GetSecretValue")).isEqualTo(1);
    assertThat(e)
        .hasMessageContaining("default chain")
        .hasMessageNotContaining(AwsTestSupport.ACCESS_KEY);
  }

  @Test
  void load_accessDenied_permissionDenied_namesTheIamAction() {
    aws.fail("GetSecretValue", 1, 400, "AccessDeniedException");

    AwsKeySourceException e = failure(Map.of());

    assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e)
        .hasMessageContaining("secretsmanager:GetSecretValue")
        .hasMessageContaining("'" + ID + "'")
        .hasMessageContaining("us-east-1");
  }

  @Test
  void load_secretMissing_notFound() {
    AwsKeySourceException e;
    try (AwsSecretsManagerKeySource s = source("prod/other", env(aws))) {
      e = (AwsKeySourceException) catchIt(s::load);
    }

    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(e).hasMessageContaining("'prod/other'").hasMessageContaining("AWS_REGION");
  }

  @Test
  void load_kmsCannotDecrypt_decryptionFailed() {
    aws.fail("GetSecretValue", 1, 400, "DecryptionFailure");

    AwsKeySourceException e = failure(Map.of());

    assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_FAILED);
    assertThat(e).hasMessageContaining("kms:Decrypt");
  }

  @Test
  void load_connectionRefused_unreachableAfterRetries() throws Exception {
    int closedPort = AwsTestSupport.closedPort();
    Map<String, String> env = env(aws, AwsSettings.ENDPOINT, "http://127.0.0.1:" + closedPort);
    AwsKeySourceException e;
    try (AwsSecretsManagerKeySource s = source(ID, env)) {
      e = (AwsKeySourceException) catchIt(s::load);
    }

    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e.reason().transientFailure()).isTrue();
    assertThat(e)
        .hasMessageContaining("http://127.0.0.1:" + closedPort)
        .hasMessageContaining("ConnectException");
  }

  @Test
  void update_putRejected_storeUnchanged_typedError() {
    String before = aws.current(ID);
    aws.fail("PutSecretValue", 1, 400, "AccessDeniedException");

    Throwable e;
    try (AwsSecretsManagerKeySource s = source(ID, env(aws))) {
      e = catchIt(() -> s.update(k -> k.withActiveVersion(KeyVersion.generate("v3"))));
    }

    assertThat(e).isInstanceOf(AwsKeySourceException.class);
    assertThat(((AwsKeySourceException) e).reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e).hasMessageContaining("secretsmanager:PutSecretValue");
    assertThat(aws.current(ID)).isEqualTo(before);
  }

  @Test
  void load_serviceMessageEchoesTheSecret_notCopiedIntoOurMessage() {
    aws.fail("GetSecretValue", 1, 400, "InvalidParameterException", aws.current(ID));

    AwsKeySourceException e = failure(Map.of());

    assertThat(e.reason()).isEqualTo(Reason.REJECTED);
    assertThat(e.getMessage())
        .doesNotContain(material(keyring))
        .contains("InvalidParameterException");
    seen.remove(e); // its cause, the SDK's exception, carries the service's own (hostile) text
  }

  private Keyring load(Map<String, String> extra) {
    try (AwsSecretsManagerKeySource s = source(ID, merged(extra))) {
      return s.load();
    }
  }

  private AwsKeySourceException failure(Map<String, String> extra) {
    try (AwsSecretsManagerKeySource s = source(ID, merged(extra))) {
      Throwable t = catchIt(s::load);
      assertThat(t).isInstanceOf(AwsKeySourceException.class);
      return (AwsKeySourceException) t;
    }
  }

  private Throwable catchIt(Runnable r) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(r::run);
    assertThat(t).isNotNull();
    seen.add(t);
    return t;
  }

  private Map<String, String> merged(Map<String, String> extra) {
    Map<String, String> env = env(aws);
    env.putAll(extra);
    return env;
  }
}
