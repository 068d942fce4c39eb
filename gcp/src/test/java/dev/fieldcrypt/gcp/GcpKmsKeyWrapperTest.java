package dev.fieldcrypt.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyWrapper;
import dev.fieldcrypt.core.KeyWrappers;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.EncryptedFileKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import dev.fieldcrypt.gcp.GcpKmsException.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gcp-kms:} key wrapper against {@link FakeCloudKms}, over real HTTP on loopback. */
class GcpKmsKeyWrapperTest {
  static final String KEY =
      "projects/fieldcrypt-test/locations/global/keyRings/fieldcrypt/cryptoKeys/keyring-file";
  static final String TOKEN = "ya29.fieldcrypt-test-access-token";

  @TempDir Path dir;
  private FakeCloudKms kms;

  @BeforeEach
  void setUp() throws IOException {
    kms = new FakeCloudKms();
    kms.createKey(KEY);
  }

  @AfterEach
  void tearDown() {
    kms.close();
  }

  /** The fake's endpoint, 3 attempts with 1–2 ms backoff, and {@code pairs}. */
  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(GcpTests.FAST);
    env.put(GcpSettings.INITIAL_BACKOFF_MS, "1");
    env.put(GcpSettings.MAX_BACKOFF_MS, "2");
    env.put(GcpSettings.KMS_ENDPOINT, kms.endpoint());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private KeyWrapper wrapper() {
    return GcpKmsKeyWrapper.of(KEY, env());
  }

  @Test
  void envelopeMode_writeThenRead_roundTripsWithNoPlaintextKeyInTheFile() throws IOException {
    Path file = dir.resolve("keyring.enc");
    Keyring keyring = GcpTests.keyring("v1", "v2");
    EncryptedFileKeySource.builder()
        .file(file)
        .environment(env(MasterKey.KMS_KEY_VARIABLE, "gcp-kms:" + KEY))
        .build()
        .create(keyring);

    assertThat(EncryptedKeyringFile.read(file, env()).versions()).isEqualTo(keyring.versions());
    assertThat(KeySources.open("encrypted-file:" + file, env()).load().versions())
        .isEqualTo(keyring.versions());
    assertThat(kms.calls("encrypt")).isEqualTo(1);
    assertThat(kms.calls("decrypt")).isEqualTo(2);

    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).contains(KEY).contains("gcp-kms");
    byte[] dataKey = kms.plaintexts().get(0);
    assertThat(indexOf(bytes, dataKey)).isNegative();
    assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(dataKey));
    GcpTests.material(keyring).forEach(m -> assertThat(text).doesNotContain(m));
    assertThat(text).doesNotContain("ENCRYPTION_KEYS__v1");
  }

  @Test
  void requests_bindTheAad_sendChecksums_andNoTokenToALoopbackEmulator() {
    KeyWrapper w = wrapper();
    KeyWrapper.DataKey dk = w.generateDataKey();
    assertThat(dk.plaintext()).hasSize(32);
    assertThat(w.unwrap(dk.wrapped())).isEqualTo(dk.plaintext());

    String aad = Base64.getEncoder().encodeToString("fieldcrypt:keyring-file".getBytes());
    assertThat(kms.requests())
        .hasSize(2)
        .allSatisfy(b -> assertThat(b).contains("\"additionalAuthenticatedData\":\"" + aad + "\""))
        .allSatisfy(b -> assertThat(b).contains("\"additionalAuthenticatedDataCrc32c\":\""));
    assertThat(kms.requests().get(0)).contains("\"plaintextCrc32c\":\"");
    assertThat(kms.requests().get(1)).contains("\"ciphertextCrc32c\":\"");
    assertThat(kms.authorizations()).containsOnly("");
  }

  @Test
  void injectedCredentials_sendTheirBearerToken() {
    KeyWrapper w = GcpKmsKeyWrapper.of(KEY, env(), credentials());
    w.generateDataKey();
    assertThat(kms.authorizations()).containsExactly("Bearer " + TOKEN);
  }

  @Test
  void kmsKeyRotation_oldWrappedKeysStillUnwrap_newOnesUseThePrimary() {
    KeyWrapper w = wrapper();
    KeyWrapper.DataKey old = w.generateDataKey();
    kms.rotate(KEY);
    KeyWrapper.DataKey fresh = w.generateDataKey();

    assertThat(w.unwrap(old.wrapped())).isEqualTo(old.plaintext());
    assertThat(w.unwrap(fresh.wrapped())).isEqualTo(fresh.plaintext());
    assertThat(fresh.wrapped()[0]).isEqualTo((byte) 2);
  }

  @Test
  void kmsKeyRotation_thenRewritingTheFile_rewrapsWithThePrimaryVersion() throws IOException {
    Path file = dir.resolve("keyring.enc");
    Keyring keyring = GcpTests.keyring("v1");
    EncryptedFileKeySource writer =
        EncryptedFileKeySource.builder()
            .file(file)
            .environment(env(MasterKey.KMS_KEY_VARIABLE, "gcp-kms:" + KEY))
            .build();
    writer.create(keyring);
    byte[] first = wrappedKeyIn(Files.readAllBytes(file));
    assertThat(first[0]).isEqualTo((byte) 1);
    kms.rotate(KEY);

    assertThat(EncryptedKeyringFile.read(file, env()).versions()).isEqualTo(keyring.versions());
    writer.replace(EncryptedKeyringFile.read(file, env()));

    byte[] second = wrappedKeyIn(Files.readAllBytes(file));
    assertThat(second[0]).isEqualTo((byte) 2);
    assertThat(EncryptedKeyringFile.read(file, env()).versions()).isEqualTo(keyring.versions());
    assertThat(kms.calls("encrypt")).isEqualTo(2);
  }

  /** The ciphertext of the fake's answers that {@code file} holds (the header's wrapped key). */
  private byte[] wrappedKeyIn(byte[] file) {
    for (int i = kms.answers().size() - 1; i >= 0; i--) {
      String a = kms.answers().get(i);
      if (a.contains("\"ciphertext\"")) {
        byte[] c =
            Base64.getDecoder().decode(a.replaceAll(".*\"ciphertext\":\"([^\"]+)\".*", "$1"));
        if (indexOf(file, c) >= 0) {
          return c;
        }
      }
    }
    throw new AssertionError("the file holds no ciphertext the fake returned");
  }

  @Test
  void throttledThenOk_isRetried_countingAttempts() {
    kms.fail("encrypt", 2, 429, "RESOURCE_EXHAUSTED");
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    assertThat(kms.calls("encrypt")).isEqualTo(3);

    kms.fail("decrypt", 1, 500, "INTERNAL");
    kms.fail("decrypt", 1, 504, "DEADLINE_EXCEEDED");
    assertThat(wrapper().unwrap(dk.wrapped())).isEqualTo(dk.plaintext());
    assertThat(kms.calls("decrypt")).isEqualTo(3);
  }

  @Test
  void unavailableEveryTime_isUnreachable_afterMaxAttempts() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    kms.fail("decrypt", 10, 503, "UNAVAILABLE");

    GcpKmsException e = catchGcp(() -> wrapper().unwrap(dk.wrapped()));

    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(kms.calls("decrypt")).isEqualTo(3);
    assertThat(e)
        .hasMessageContaining("HTTP 503 UNAVAILABLE")
        .hasMessageContaining("(3 attempts)")
        .hasMessageContaining("gcp-kms:" + KEY)
        .hasMessageContaining(GcpSettings.MAX_ATTEMPTS);
    assertNoSecrets(e, dk);
  }

  @Test
  void permissionDenied_namesTheKeyAndTheRole_withoutRetrying() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    kms.fail("decrypt", 1, 403, "PERMISSION_DENIED");
    GcpKmsException d = catchGcp(() -> wrapper().unwrap(dk.wrapped()));
    assertThat(d.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(d)
        .hasMessageContaining(KEY)
        .hasMessageContaining("roles/cloudkms.cryptoKeyDecrypter")
        .hasMessageContaining("gcloud kms keys add-iam-policy-binding keyring-file")
        .hasMessageNotContaining("injected");
    assertThat(kms.calls("decrypt")).isEqualTo(1);
    assertNoSecrets(d, dk);

    kms.fail("encrypt", 1, 403, "PERMISSION_DENIED");
    GcpKmsException w = catchGcp(() -> wrapper().generateDataKey());
    assertThat(w).hasMessageContaining("roles/cloudkms.cryptoKeyEncrypter");
  }

  @Test
  void missingKey_isNotFound_andRefusedToken_isUnauthenticated() {
    String other = "projects/fieldcrypt-test/locations/global/keyRings/fieldcrypt/cryptoKeys/nope";
    GcpKmsException missing = catchGcp(() -> GcpKmsKeyWrapper.of(other, env()).generateDataKey());
    assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(missing)
        .hasMessageContaining(other)
        .hasMessageContaining("gcloud kms keys list --keyring fieldcrypt --location global");
    assertThat(kms.plaintexts()).isEmpty();

    kms.fail("encrypt", 1, 401, "UNAUTHENTICATED");
    GcpKmsException refused =
        catchGcp(() -> GcpKmsKeyWrapper.of(KEY, env(), credentials()).generateDataKey());
    assertThat(refused.reason()).isEqualTo(Reason.UNAUTHENTICATED);
    assertThat(refused)
        .hasMessageContaining("Application Default Credentials")
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void anotherKeysWrappedKey_orAChangedOne_isInvalidCiphertext() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    String otherKey = kms.createKey(KEY.replace("keyring-file", "other"));

    GcpKmsException other =
        catchGcp(() -> GcpKmsKeyWrapper.of(otherKey, env()).unwrap(dk.wrapped()));
    assertThat(other.reason()).isEqualTo(Reason.INVALID_CIPHERTEXT);
    assertThat(other).hasMessageContaining(otherKey).hasMessageContaining("restore the file");
    assertNoSecrets(other, dk);

    byte[] changed = dk.wrapped().clone();
    changed[changed.length - 1] ^= 1;
    assertThat(catchGcp(() -> wrapper().unwrap(changed)).reason())
        .isEqualTo(Reason.INVALID_CIPHERTEXT);
    assertThat(kms.calls("decrypt")).isEqualTo(2);
  }

  @Test
  void disabledKeyVersion_isKeyNotEnabled() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    kms.disable(KEY, 1);
    GcpKmsException e = catchGcp(() -> wrapper().unwrap(dk.wrapped()));
    assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_ENABLED);
    assertThat(e).hasMessageContaining("gcloud kms keys versions list --key keyring-file");
  }

  @Test
  void wrongChecksumInTheAnswer_isRetried_thenDamagedResponse() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    kms.corruptChecksums("decrypt", 1);
    assertThat(wrapper().unwrap(dk.wrapped())).isEqualTo(dk.plaintext());
    assertThat(kms.calls("decrypt")).isEqualTo(2);

    kms.corruptChecksums("decrypt", 10);
    GcpKmsException d = catchGcp(() -> wrapper().unwrap(dk.wrapped()));
    assertThat(d.reason()).isEqualTo(Reason.DAMAGED_RESPONSE);
    assertThat(d).hasMessageContaining("a plaintextCrc32c that does not match");
    assertThat(kms.calls("decrypt")).isEqualTo(2 + 3);
    assertNoSecrets(d, dk);

    kms.corruptChecksums("encrypt", 10);
    GcpKmsException e = catchGcp(() -> wrapper().generateDataKey());
    assertThat(e.reason()).isEqualTo(Reason.DAMAGED_RESPONSE);
    assertThat(e).hasMessageContaining("a ciphertextCrc32c that does not match");
  }

  @Test
  void slowService_isUnreachable_withinTheTimeout() {
    KeyWrapper.DataKey dk = wrapper().generateDataKey();
    kms.delay("decrypt", 1_200);
    KeyWrapper w = GcpKmsKeyWrapper.of(KEY, env(GcpSettings.TIMEOUT_MS, "300"));

    long start = System.nanoTime();
    GcpKmsException e = catchGcp(() -> w.unwrap(dk.wrapped()));

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e).hasMessageContaining("HttpTimeoutException").hasMessageContaining("(1 attempt)");
  }

  @Test
  void connectionRefused_isUnreachable_namingTheEndpoint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    KeyWrapper w = GcpKmsKeyWrapper.of(KEY, env(GcpSettings.KMS_ENDPOINT, endpoint));

    GcpKmsException e = catchGcp(() -> w.unwrap(new byte[] {1, 2, 3}));

    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e)
        .hasMessageContaining("cannot reach Cloud KMS at " + endpoint)
        .hasMessageContaining(GcpSettings.KMS_ENDPOINT)
        .hasMessageContaining("(3 attempts)")
        .hasMessageContaining(KEY);
  }

  @Test
  void provider_opensGcpKmsUris_throughServiceLoader() {
    KeyWrapper w = KeyWrappers.open("gcp-kms:" + KEY, env());
    assertThat(w.scheme()).isEqualTo("gcp-kms");
    assertThat(w.keyId()).isEqualTo(KEY);
    assertThat(w.toString()).isEqualTo("GcpKmsKeyWrapper[" + KEY + "]");
    assertThat(kms.requests()).isEmpty();
  }

  private static GcpKmsException catchGcp(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    GcpKmsException e = catchThrowableOfType(c, GcpKmsException.class);
    assertThat(e).as("a GcpKmsException").isNotNull();
    return e;
  }

  private static GoogleCredentials credentials() {
    return GoogleCredentials.create(
        new AccessToken(TOKEN, new Date(System.currentTimeMillis() + 3_600_000)));
  }

  private static void assertNoSecrets(Throwable t, KeyWrapper.DataKey dk) {
    List<String> secrets = new ArrayList<>(List.of(TOKEN));
    secrets.add(Base64.getEncoder().encodeToString(dk.plaintext()));
    secrets.add(Base64.getEncoder().encodeToString(dk.wrapped()));
    StringBuilder text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      text.append(c).append('\n');
    }
    secrets.forEach(s -> assertThat(text.toString()).doesNotContain(s));
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
}
