package dev.fieldcrypt.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fieldcrypt.aws.AwsKeySourceException.Reason;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrappers;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.EncryptedFileKeySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code aws-kms:} key wrapper, the real SDK client against {@link FakeKms}. */
class AwsKmsKeyWrapperTest {
  @TempDir Path dir;
  private FakeKms kms;
  private String keyArn;

  @BeforeEach
  void setUp() throws IOException {
    kms = new FakeKms();
    keyArn = kms.createKey("alias/fieldcrypt");
    // The envelope-mode path opens the wrapper through ServiceLoader: the default chain's first
    // link, system properties, gets the static test pair (set here, in tests only).
    System.setProperty("aws.accessKeyId", AwsTestSupport.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", AwsTestSupport.SECRET_KEY);
  }

  @AfterEach
  void tearDown() {
    kms.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private Map<String, String> env(String... pairs) {
    return AwsTestSupport.env(kms.endpoint(), pairs);
  }

  private KeyWrapper wrapper(String keyId, Map<String, String> env) {
    AwsSettings s =
        AwsKmsKeyWrapper.settings(keyId, env)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1));
    return AwsKmsKeyWrapper.of(s, AwsTestSupport.CREDENTIALS);
  }

  @Test
  void envelopeMode_createThenLoadWithoutMasterSecret_oneDecryptForManyLoads() throws IOException {
    Path file = dir.resolve("keyring.enc");
    Keyring keyring = AwsTestSupport.keyring("v1", "v2");
    EncryptedFileKeySource.builder()
        .file(file)
        .environment(env("FIELDCRYPT_MASTER_KMS_KEY", "aws-kms:" + keyArn))
        .build()
        .create(keyring);
    byte[] before = Files.readAllBytes(file);
    assertThat(new String(before, StandardCharsets.ISO_8859_1)).contains(keyArn);

    EncryptedFileKeySource reader =
        EncryptedFileKeySource.builder().file(file).environment(env()).build();
    for (int i = 0; i < 4; i++) {
      assertThat(reader.load().versions()).isEqualTo(keyring.versions());
    }
    assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
    assertThat(kms.calls("Decrypt")).isEqualTo(1);

    reader.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));
    assertThat(reader.load().labels()).containsExactly("v1", "v2", "v3");
    assertThat(kms.calls("GenerateDataKey")).isEqualTo(1);
    assertThat(kms.calls("Decrypt")).isEqualTo(1);
    byte[] blob = wrappedBlob();
    assertThat(indexOf(before, blob)).isPositive();
    assertThat(indexOf(Files.readAllBytes(file), blob)).isPositive();

    assertThat(kms.bodies())
        .allSatisfy(
            b -> assertThat(b).contains("\"EncryptionContext\":{\"fieldcrypt\":\"keyring-file\"}"))
        .anySatisfy(b -> assertThat(b).contains("\"KeySpec\":\"AES_256\""))
        .anySatisfy(
            b ->
                assertThat(b)
                    .contains("\"KeyId\":\"" + keyArn + "\"")
                    .contains("\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\""));
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    AwsTestSupport.material(reader.load()).forEach(m -> assertThat(text).doesNotContain(m));
  }

  @Test
  void unwrap_anotherKeysBlob_orAChangedOne_isRefused() {
    KeyWrapper a = wrapper("alias/fieldcrypt", env());
    KeyWrapper.DataKey dk = a.generateDataKey();
    String other = kms.createKey(null);

    AwsKeySourceException e =
        catchThrowableOfType(
            () -> wrapper(other, env()).unwrap(dk.wrapped()), AwsKeySourceException.class);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_CIPHERTEXT);
    assertThat(e)
        .hasMessageContaining(other)
        .hasMessageContaining("not this key's data key or a damaged file");
    assertNoSecrets(e, dk.plaintext());

    byte[] changed = dk.wrapped().clone();
    changed[changed.length - 1] ^= 1;
    AwsKeySourceException d =
        catchThrowableOfType(() -> a.unwrap(changed), AwsKeySourceException.class);
    assertThat(d.reason()).isEqualTo(Reason.INVALID_CIPHERTEXT);
    assertThat(a.unwrap(dk.wrapped())).isEqualTo(dk.plaintext());
  }

  @Test
  void throttledThenOk_isRetried() {
    KeyWrapper w = wrapper(keyArn, env());
    KeyWrapper.DataKey dk = w.generateDataKey();
    kms.fail("Decrypt", 2, "ThrottlingException");

    assertThat(w.unwrap(dk.wrapped())).isEqualTo(dk.plaintext());
    assertThat(kms.calls("Decrypt")).isEqualTo(3);
  }

  @Test
  void accessDenied_isPermissionDenied_namingTheCallAndKey() {
    kms.fail("GenerateDataKey", 1, "AccessDeniedException");

    AwsKeySourceException e =
        catchThrowableOfType(
            () -> wrapper(keyArn, env()).generateDataKey(), AwsKeySourceException.class);

    assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e)
        .hasMessageContaining("kms:GenerateDataKey")
        .hasMessageContaining(keyArn)
        .hasMessageContaining("us-east-1");
    assertNoSecrets(e, new byte[0]);
  }

  @Test
  void disabledOrMissingKey_isTyped() {
    KeyWrapper w = wrapper(keyArn, env());
    KeyWrapper.DataKey dk = w.generateDataKey();
    kms.disable(keyArn);
    AwsKeySourceException disabled =
        catchThrowableOfType(() -> w.unwrap(dk.wrapped()), AwsKeySourceException.class);
    assertThat(disabled.reason()).isEqualTo(Reason.KEY_DISABLED);
    assertThat(disabled).hasMessageContaining("enable-key");
    assertNoSecrets(disabled, dk.plaintext());

    AwsKeySourceException missing =
        catchThrowableOfType(
            () -> wrapper("alias/nope", env()).generateDataKey(), AwsKeySourceException.class);
    assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(missing).hasMessageContaining("alias/nope");
  }

  @Test
  void unreachable_isTyped_namingTheEndpoint() throws IOException {
    int closedPort = AwsTestSupport.closedPort();
    Map<String, String> env = env(AwsSettings.ENDPOINT, "http://127.0.0.1:" + closedPort);

    AwsKeySourceException e =
        catchThrowableOfType(
            () -> wrapper(keyArn, env).unwrap(new byte[] {1, 2, 3}), AwsKeySourceException.class);

    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e)
        .hasMessageContaining("cannot reach KMS")
        .hasMessageContaining("http://127.0.0.1:" + closedPort)
        .hasMessageContaining(keyArn);
    assertNoSecrets(e, new byte[0]);
  }

  @Test
  void provider_opensAwsKmsUris_andRefusesOtherArns() {
    KeyWrapper w = KeyWrappers.open("aws-kms:alias/fieldcrypt", env());
    assertThat(w.scheme()).isEqualTo("aws-kms");
    assertThat(w.keyId()).isEqualTo("alias/fieldcrypt");
    assertThat(
            AwsKmsKeyWrapper.settings("arn:aws:kms:eu-west-1:111122223333:alias/app", env())
                .region())
        .contains("eu-west-1");

    KeyringConfigException e =
        catchThrowableOfType(
            () ->
                KeyWrappers.open(
                    "aws-kms:arn:aws:secretsmanager:eu-west-1:111122223333:secret:x", env()),
            KeyringConfigException.class);
    assertThat(e).hasMessageContaining("does not name a KMS key");
  }

  /** The CiphertextBlob the fake returned to the one GenerateDataKey call. */
  private byte[] wrappedBlob() {
    return kms.bodies().stream()
        .filter(b -> b.contains("\"CiphertextBlob\""))
        .map(b -> b.replaceAll(".*\"CiphertextBlob\":\"([^\"]+)\".*", "$1"))
        .map(Base64.getDecoder()::decode)
        .findFirst()
        .orElseThrow();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void assertNoSecrets(Throwable t, byte[] dataKey) {
    String text = AwsTestSupport.messages(t);
    for (String s :
        List.of(
            AwsTestSupport.SECRET_KEY,
            AwsTestSupport.ACCESS_KEY,
            Base64.getEncoder().encodeToString(dataKey))) {
      if (!s.isEmpty()) {
        assertThat(text).doesNotContain(s);
      }
    }
  }
}
