package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.aws.FakeKms;
import dev.fieldcrypt.aws.FakeSecretsManager;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI jar's {@code aws-sm:} source and {@code aws-kms:} key wrapper, end to end: the commands
 * find both through ServiceLoader, the SDK's default credential chain signs the requests (its first
 * link, the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, holds a test
 * pair set here only), and the aws module's fakes answer with the documented JSON 1.1 shapes.
 */
class AwsKeyringCommandsTest {
  private static final String SECRET_ID = "myapp/encryption-keys";
  private static final String TEST_SECRET_KEY = "fieldcrypt/cli-test/secret/access/key/01234";

  @TempDir Path dir;
  private FakeSecretsManager secretsManager;
  private FakeKms kms;

  @BeforeEach
  void start() throws IOException {
    secretsManager = new FakeSecretsManager();
    kms = new FakeKms();
    System.setProperty("aws.accessKeyId", "AKIAFIELDCRYPTCLI001");
    System.setProperty("aws.secretAccessKey", TEST_SECRET_KEY);
  }

  @AfterEach
  void stop() {
    secretsManager.close();
    kms.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static CliHarness cli(String endpoint, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("FIELDCRYPT_AWS_ENDPOINT", endpoint);
    env.put("FIELDCRYPT_AWS_MAX_ATTEMPTS", "3");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return CliHarness.noTerminal().environment(env);
  }

  private Keyring stored() {
    return KeyringEntries.fromText(secretsManager.current(SECRET_ID), SECRET_ID, Map.of());
  }

  @Test
  void everyKeyringCommand_onAnAwsSecretsManagerSecret() {
    CliHarness cli = cli(secretsManager.endpoint());
    String uri = "aws-sm:" + SECRET_ID;
    List<CliHarness.Result> runs = new ArrayList<>();

    runs.add(cli.run("generate", "--keyring", uri).succeeds());
    assertThat(stored().labels()).containsExactly("v1");
    runs.add(cli.run("rotate", "--keyring", uri, "--no-activate", "--yes").succeeds());
    assertThat(stored().labels()).containsExactly("v1", "v2");
    assertThat(stored().activeVersion()).isEqualTo("v1");
    runs.add(cli.run("activate", "--keyring", uri, "--version", "v2", "--yes").succeeds());
    assertThat(stored().activeVersion()).isEqualTo("v2");

    CliHarness.Result list = cli.run("list", "--keyring", uri).succeeds();
    runs.add(list);
    assertThat(list.out()).contains("Active version: v2").contains("v1");
    runs.add(cli.run("validate-config", "--keyring", uri).succeeds());
    runs.add(cli.run("remove-versions", "--keyring", uri, "--versions", "v1", "--yes").succeeds());
    assertThat(stored().labels()).containsExactly("v2");
    // every write is a new secret version: generate, rotate, activate, remove-versions
    assertThat(secretsManager.calls("PutSecretValue") + secretsManager.calls("CreateSecret"))
        .isGreaterThanOrEqualTo(4);

    assertNoSecretsIn(runs, stored());
  }

  @Test
  void backupOfAnAwsSecret_isAnEncryptedFile_restoreWritesItBack() throws IOException {
    CliHarness cli = cli(secretsManager.endpoint(), "FIELDCRYPT_MASTER_KEY", masterKey());
    String uri = "aws-sm:" + SECRET_ID;
    cli.run("generate", "--keyring", uri).succeeds();
    Keyring original = stored();
    Path backups = Files.createDirectory(dir.resolve("backups"));

    CliHarness.Result b =
        cli.run("backup-config", "--keyring", uri, "--backup-dir", backups.toString()).succeeds();
    Path backup;
    try (var files = Files.list(backups)) {
      backup = files.filter(f -> f.toString().endsWith(".enc")).findFirst().orElseThrow();
    }
    assertThat(EncryptedKeyringFile.isEncrypted(backup)).isTrue();
    assertNoSecretsIn(List.of(b), original);

    cli.run("rotate", "--keyring", uri, "--yes").succeeds();
    assertThat(stored().labels()).containsExactly("v1", "v2");
    cli.run("restore-config", "--keyring", uri, "--backup-file", backup.toString(), "--yes")
        .succeeds();
    assertThat(stored().versions()).isEqualTo(original.versions());
  }

  @Test
  void awsSecretsManagerThrottling_isRetried_thenAPermissionErrorNamesTheSecret() {
    CliHarness cli = cli(secretsManager.endpoint());
    String uri = "aws-sm:" + SECRET_ID;
    cli.run("generate", "--keyring", uri).succeeds();

    secretsManager.fail("GetSecretValue", 2, 400, "ThrottlingException");
    cli.run("list", "--keyring", uri).succeeds();

    secretsManager.fail("GetSecretValue", 1, 400, "AccessDeniedException");
    CliHarness.Result denied = cli.run("list", "--keyring", uri);
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.err()).contains(SECRET_ID).containsIgnoringCase("permission");
    assertThat(denied.out() + denied.err()).doesNotContain(TEST_SECRET_KEY);
  }

  @Test
  void envelopeMode_anEncryptedFileWrappedByAwsKms_noMasterSecretAnywhere() throws IOException {
    String keyArn = kms.createKey("alias/fieldcrypt");
    Path file = dir.resolve("keyring.enc");
    String uri = "encrypted-file:" + file;
    // the writer names the KMS key; a reader needs only the file and its KMS permission
    CliHarness writer = cli(kms.endpoint(), "FIELDCRYPT_MASTER_KMS_KEY", "aws-kms:" + keyArn);
    CliHarness reader = cli(kms.endpoint());

    List<CliHarness.Result> runs = new ArrayList<>();
    runs.add(writer.run("generate", "--keyring", uri).succeeds());
    runs.add(reader.run("rotate", "--keyring", uri, "--yes").succeeds());
    CliHarness.Result list = reader.run("list", "--keyring", uri).succeeds();
    runs.add(list);
    assertThat(list.out()).contains("Active version: v2");
    assertThat(kms.calls("GenerateDataKey")).isGreaterThanOrEqualTo(1);
    assertThat(kms.calls("Decrypt")).isGreaterThanOrEqualTo(1);

    String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains(keyArn).doesNotContain("ENCRYPTION_KEYS");
    Keyring k =
        EncryptedKeyringFile.read(
            file, Map.of("AWS_REGION", "us-east-1", "FIELDCRYPT_AWS_ENDPOINT", kms.endpoint()));
    assertThat(k.labels()).containsExactly("v1", "v2");
    for (String secret : CliHarness.keyMaterial(k)) {
      assertThat(raw).doesNotContain(secret);
    }
    assertNoSecretsIn(runs, k);
  }

  @Test
  void changeMasterKey_rewrapsAnEnvelopeFileUnderAnotherKmsKey_andMovesAMasterKeyFileToKms()
      throws IOException {
    String oldArn = kms.createKey("alias/old");
    String newArn = kms.createKey("alias/new");
    Path file = dir.resolve("keyring.enc");
    String uri = "encrypted-file:" + file;
    cli(kms.endpoint(), "FIELDCRYPT_MASTER_KMS_KEY", "aws-kms:" + oldArn)
        .run("generate", "--keyring", uri)
        .succeeds();
    Keyring before = EncryptedKeyringFile.read(file, awsEnv());

    CliHarness.Result r =
        cli(kms.endpoint(), "FIELDCRYPT_NEW_MASTER_KMS_KEY", "aws-kms:" + newArn)
            .run("change-master-key", "--encrypted-file", file.toString(), "--yes")
            .succeeds();
    assertThat(r.out()).contains("a data key wrapped by aws-kms:" + oldArn);
    assertThat(EncryptedKeyringFile.sealedBy(file))
        .isEqualTo("a data key wrapped by aws-kms:" + newArn);
    assertThat(EncryptedKeyringFile.read(file, awsEnv()).versions()).isEqualTo(before.versions());
    kms.disable(oldArn); // the old key is no longer needed to open the file
    assertThat(EncryptedKeyringFile.read(file, awsEnv()).versions()).isEqualTo(before.versions());

    // a file under a master key moves to envelope mode the same way
    Path plain = dir.resolve("master.enc");
    String master = masterKey();
    cli(kms.endpoint(), "FIELDCRYPT_MASTER_KEY", master)
        .run("generate", "--keyring", "encrypted-file:" + plain)
        .succeeds();
    cli(
            kms.endpoint(),
            "FIELDCRYPT_MASTER_KEY",
            master,
            "FIELDCRYPT_NEW_MASTER_KMS_KEY",
            "aws-kms:" + newArn)
        .run("change-master-key", "--encrypted-file", plain.toString(), "--yes")
        .succeeds();
    assertThat(EncryptedKeyringFile.sealedBy(plain)).startsWith("a data key wrapped by aws-kms:");
    assertThat(EncryptedKeyringFile.read(plain, awsEnv()).labels()).containsExactly("v1");
  }

  private Map<String, String> awsEnv() {
    return Map.of("AWS_REGION", "us-east-1", "FIELDCRYPT_AWS_ENDPOINT", kms.endpoint());
  }

  private static String masterKey() {
    byte[] k = new byte[32];
    new java.security.SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  private static void assertNoSecretsIn(List<CliHarness.Result> runs, Keyring k) {
    for (CliHarness.Result r : runs) {
      for (String s : CliHarness.keyMaterial(k)) {
        assertThat(r.out() + r.err()).doesNotContain(s);
      }
      assertThat(r.out() + r.err()).doesNotContain(TEST_SECRET_KEY);
    }
  }
}
