package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelope mode: an encrypted keyring file whose data key a KMS wraps (KDF id 3), through {@link
 * TestKms}, an in-JVM service with the shape of the real ones.
 */
class EnvelopeModeTest {
  @TempDir Path dir;
  private Path file;
  private final EncryptedFixtures fx = new EncryptedFixtures();
  private static final Map<String, String> KMS_ENV =
      Map.of(MasterKey.KMS_KEY_VARIABLE, "test-kms:app-key");

  @BeforeEach
  void setUp() {
    file = dir.resolve("keyring.enc");
    TestKms.reset();
  }

  @AfterEach
  void tearDown() {
    TestKms.reset();
  }

  private EncryptedFileKeySource source(Map<String, String> env) {
    return EncryptedFileKeySource.builder().file(file).environment(env).build();
  }

  @Test
  void create_wrapsANewDataKey_andTheHeaderNamesTheKmsKey() throws IOException {
    source(KMS_ENV).create(fx.keyring);

    byte[] bytes = Files.readAllBytes(file);
    EncryptedKeyringFormat.Header h = EncryptedKeyringFormat.header(bytes, file);
    assertThat(h.kdf()).isEqualTo(EncryptedKeyringFormat.KDF_KMS);
    assertThat(h.kms().uri()).isEqualTo("test-kms:app-key");
    assertThat(h.kms().wrapped()).hasSize(12 + 32 + 16);
    assertThat(TestKms.GENERATED.get()).isEqualTo(1);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String secret : fx.secrets()) {
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void load_needsNoMasterSecret_andUnwrapsOnceForManyLoads() {
    source(KMS_ENV).create(fx.keyring);
    EncryptedFileKeySource reader = source(Map.of()); // the header says which KMS key

    for (int i = 0; i < 5; i++) {
      assertThat(reader.load().versions()).isEqualTo(fx.keyring.versions());
    }
    assertThat(TestKms.UNWRAPPED.get()).isEqualTo(1);
  }

  @Test
  void update_keepsTheWrappedDataKey_withANewSaltAndNonce() throws IOException {
    source(KMS_ENV).create(fx.keyring);
    byte[] before = Files.readAllBytes(file);
    EncryptedFileKeySource s = source(Map.of());

    s.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    byte[] after = Files.readAllBytes(file);
    EncryptedKeyringFormat.Header hb = EncryptedKeyringFormat.header(before, file);
    EncryptedKeyringFormat.Header ha = EncryptedKeyringFormat.header(after, file);
    assertThat(ha.kms().wrapped()).isEqualTo(hb.kms().wrapped());
    assertThat(ha.salt()).isNotEqualTo(hb.salt());
    assertThat(TestKms.GENERATED.get()).isEqualTo(1);
    assertThat(TestKms.UNWRAPPED.get()).isEqualTo(1);
    assertThat(s.load().labels()).containsExactly("v1", "v2", "v3");
    assertThat(EncryptedKeyringFile.read(file, Map.of()).activeVersion()).isEqualTo("v3");
  }

  @Test
  void kmsDown_isOneClearError_namingTheKey() {
    source(KMS_ENV).create(fx.keyring);
    TestKms.down = true;

    Throwable t = catchThrowable(() -> source(Map.of()).load());

    assertThat(t).isInstanceOf(KeyringConfigException.class).hasMessageContaining("app-key");
    fx.assertNoSecrets(t);
  }

  @Test
  void aChangedWrappedKey_orKeyId_doesNotOpen() throws IOException {
    source(KMS_ENV).create(fx.keyring);
    byte[] bytes = Files.readAllBytes(file);
    // The last byte of the wrapped key sits just before the salt.
    EncryptedKeyringFormat.Header h = EncryptedKeyringFormat.header(bytes, file);
    int wrappedEnd = h.length() - EncryptedKeyringFormat.SALT_BYTES;
    byte[] tampered = bytes.clone();
    tampered[wrappedEnd - 1] ^= 1;
    Files.write(file, tampered);
    Throwable t = catchThrowable(() -> source(Map.of()).load());
    assertThat(t).isInstanceOf(KeyringConfigException.class).hasMessageContaining("app-key");
    fx.assertNoSecrets(t);

    // Same length, another key id: that key does not open the wrapped data key.
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("app-key", "app-kez");
    Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(catchThrowable(() -> source(Map.of()).load()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("app-kez");
  }

  @Test
  void aHeaderNamingAnUnknownKms_namesTheModuleToAdd() throws IOException {
    source(KMS_ENV).create(fx.keyring);
    byte[] bytes = Files.readAllBytes(file);
    // "test-kms" and "aws-kms" differ in length: rewrite the scheme in place with one of 8 letters.
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("test-kms", "gcp-kmsx");
    Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(catchThrowable(() -> source(Map.of()).load()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("no KMS key provider handles 'gcp-kmsx:'");
  }

  @Test
  void aKmsKeyAndAMasterKeyBothSet_isRefused() {
    Map<String, String> both =
        Map.of(
            MasterKey.KMS_KEY_VARIABLE,
            "test-kms:app-key",
            MasterKey.KEY_VARIABLE,
            fx.masterKeyBase64);

    assertThat(catchThrowable(() -> source(both).create(fx.keyring)))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("both a KMS key (FIELDCRYPT_MASTER_KMS_KEY)");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void aMasterKeyFile_openedWithAKmsKeyOnly_saysWhichSecretItNeeds() {
    EncryptedFileKeySource.builder()
        .file(file)
        .environment(fx.keyEnv())
        .build()
        .create(Keyring.of("v1", java.util.List.of(KeyVersion.generate("v1"))));

    assertThat(catchThrowable(() -> source(KMS_ENV).load()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("encrypted under a master key");
  }
}
