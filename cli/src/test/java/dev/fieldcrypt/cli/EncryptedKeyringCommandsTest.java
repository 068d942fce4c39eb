package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.SecretKeyAccess;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code encrypt-keyring}, {@code decrypt-keyring} and {@code change-master-key}. */
class EncryptedKeyringCommandsTest {
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String[] CHEAP = {
    "--argon2-memory", "1", "--argon2-iterations", "1", "--argon2-parallelism", "1"
  };

  @TempDir Path dir;
  private Path plain;
  private Path enc;
  private final String masterKey = randomKey();
  private final List<String> secrets = new ArrayList<>();

  private static String randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  private CliHarness cli(Map<String, String> env) {
    return CliHarness.noTerminal().environment(env);
  }

  private Map<String, String> keyEnv() {
    return Map.of("FIELDCRYPT_MASTER_KEY", masterKey);
  }

  private MasterKey key() {
    return MasterKey.fromEnvironment(keyEnv());
  }

  @BeforeEach
  void generate() {
    plain = dir.resolve(".env.crypto");
    enc = dir.resolve("keyring.enc");
    CliHarness.noTerminal().run("generate", "--env-file", plain.toString()).succeeds();
    CliHarness.noTerminal().run("rotate", "--env-file", plain.toString(), "--yes").succeeds();
    secrets.add(masterKey);
    secrets.add(PASSPHRASE);
    for (KeyVersion v : plainKeyring().versions()) {
      secrets.add(Base64.getEncoder().encodeToString(v.keyBytes(SecretKeyAccess.get())));
      secrets.add(Base64.getEncoder().encodeToString(v.saltBytes(SecretKeyAccess.get())));
    }
  }

  private Keyring plainKeyring() {
    return DotenvKeySource.builder().file(plain).environment(Map.of()).build().load();
  }

  private CliHarness.Result noSecrets(CliHarness.Result r) {
    for (String s : secrets) {
      assertThat(r.out() + r.err()).doesNotContain(s);
    }
    return r;
  }

  private CliHarness.Result encrypt(Map<String, String> env, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "encrypt-keyring",
                "--env-file",
                plain.toString(),
                "--encrypted-file",
                enc.toString()));
    args.addAll(List.of(extra));
    return noSecrets(cli(env).run(args.toArray(String[]::new)));
  }

  @Test
  void encryptKeyring_withAMasterKey_writesAFileThatReadsBack() throws IOException {
    byte[] before = Files.readAllBytes(plain);

    CliHarness.Result r = encrypt(keyEnv()).succeeds();

    assertThat(EncryptedKeyringFile.read(enc, key()).versions())
        .isEqualTo(plainKeyring().versions());
    assertThat(Files.readAllBytes(plain)).isEqualTo(before);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(enc)))
        .isEqualTo("rw-------");
    assertThat(r.out())
        .contains("encrypted to " + enc)
        .contains("the master key from FIELDCRYPT_MASTER_KEY (HKDF-SHA256)")
        .contains("Read back: it decrypts to the same keyring")
        .contains("shred -u " + plain);
  }

  @Test
  void encryptKeyring_defaultOutput_isThePlainNamePlusEnc() {
    cli(keyEnv()).run("encrypt-keyring", "--env-file", plain.toString()).succeeds();

    assertThat(dir.resolve(".env.crypto.enc")).exists();
  }

  @Test
  void encryptKeyring_withAPassphrase_usesTheArgon2Options() {
    CliHarness.Result r =
        encrypt(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE), CHEAP).succeeds();

    assertThat(r.out()).contains("Argon2id, 1 MiB, 1 passes, 1 lane(s)");
    MasterKey pass = MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE));
    assertThat(EncryptedKeyringFile.read(enc, pass).labels()).containsExactly("v1", "v2");
  }

  @Test
  void encryptKeyring_noMasterKey_isOneLineExit1() {
    encrypt(Map.of())
        .failsWith(
            ExitCodes.FAILURE,
            "no master key",
            "FIELDCRYPT_MASTER_KEY or FIELDCRYPT_MASTER_KEY_FILE",
            "FIELDCRYPT_MASTER_PASSPHRASE");
    assertThat(enc).doesNotExist();
  }

  @Test
  void encryptKeyring_malformedOrShortKey_isOneLineExit1() {
    encrypt(Map.of("FIELDCRYPT_MASTER_KEY", "not*base64"))
        .failsWith(ExitCodes.FAILURE, "FIELDCRYPT_MASTER_KEY is not valid base64");
    encrypt(Map.of("FIELDCRYPT_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[31])))
        .failsWith(ExitCodes.FAILURE, "decodes to 31 bytes");
    encrypt(Map.of("FIELDCRYPT_MASTER_KEY", masterKey, "FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE))
        .failsWith(ExitCodes.FAILURE, "both a master key", "set only one");
  }

  @Test
  void encryptKeyring_existingOutput_needsForce_whichBacksUp() {
    encrypt(keyEnv()).succeeds();

    encrypt(keyEnv()).failsWith(ExitCodes.FAILURE, "already exists", "--force");
    encrypt(keyEnv(), "--force").failsWith(ExitCodes.USAGE, "rerun with --yes");
    encrypt(keyEnv(), "--force", "--yes").succeeds();

    assertThat(KeyringBackups.of(enc).list()).hasSize(1);
  }

  @Test
  void encryptKeyring_badArgon2Option_isUsage() {
    encrypt(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE), "--argon2-iterations", "0")
        .failsWith(ExitCodes.USAGE, "iterations 0 is outside 1..32");
    encrypt(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE), "--argon2-memory", "4096")
        .failsWith(ExitCodes.USAGE, "--argon2-memory 4096 is outside 1..1024 MiB");
  }

  @Test
  void decryptKeyring_needsItsFlag_thenWarnsAndWritesMode600() throws IOException {
    encrypt(keyEnv()).succeeds();
    Path out = dir.resolve("out.env");

    noSecrets(
            cli(keyEnv())
                .run(
                    "decrypt-keyring",
                    "--encrypted-file",
                    enc.toString(),
                    "--env-file",
                    out.toString()))
        .failsWith(ExitCodes.USAGE, "in plaintext", "--yes-write-plaintext");
    assertThat(out).doesNotExist();

    CliHarness.Result r =
        noSecrets(
                cli(keyEnv())
                    .run(
                        "decrypt-keyring",
                        "--encrypted-file",
                        enc.toString(),
                        "--env-file",
                        out.toString(),
                        "--yes-write-plaintext"))
            .succeeds();

    assertThat(r.out()).contains("[WARN] writing every key in plaintext to " + out);
    assertThat(DotenvKeySource.builder().file(out).environment(Map.of()).build().load().versions())
        .isEqualTo(plainKeyring().versions());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rw-------");
  }

  @Test
  void decryptKeyring_wrongKey_isOneLineExit1_withoutStackTrace() {
    encrypt(keyEnv()).succeeds();

    noSecrets(
            cli(Map.of("FIELDCRYPT_MASTER_KEY", randomKey()))
                .run(
                    "decrypt-keyring",
                    "--encrypted-file",
                    enc.toString(),
                    "--env-file",
                    dir.resolve("out.env").toString(),
                    "--yes-write-plaintext"))
        .failsWith(ExitCodes.FAILURE, "wrong master key or damaged file", enc.toString());
  }

  @Test
  void changeMasterKey_reencryptsUnderTheNewSecret() {
    encrypt(keyEnv()).succeeds();
    Map<String, String> env = new HashMap<>(keyEnv());
    env.put("FIELDCRYPT_NEW_MASTER_PASSPHRASE", PASSPHRASE);
    List<String> args =
        new ArrayList<>(List.of("change-master-key", "--encrypted-file", enc.toString(), "--yes"));
    args.addAll(List.of(CHEAP));

    CliHarness.Result r = noSecrets(cli(env).run(args.toArray(String[]::new))).succeeds();

    MasterKey pass = MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_PASSPHRASE", PASSPHRASE));
    assertThat(EncryptedKeyringFile.read(enc, pass).versions())
        .isEqualTo(plainKeyring().versions());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EncryptedKeyringFile.read(enc, key()))
        .isInstanceOf(KeyringConfigException.class);
    Path backup = KeyringBackups.of(enc).list().get(0);
    assertThat(EncryptedKeyringFile.read(backup, key()).labels()).containsExactly("v1", "v2");
    assertThat(r.out())
        .contains("Current secret: FIELDCRYPT_MASTER_KEY")
        .contains("New secret: FIELDCRYPT_NEW_MASTER_PASSPHRASE")
        .contains("(under the old secret)")
        .contains("FIELDCRYPT_MASTER_PASSPHRASE[_FILE]");
  }

  @Test
  void changeMasterKey_withoutTheNewSecret_orAConfirmation_changesNothing() throws IOException {
    encrypt(keyEnv()).succeeds();
    byte[] before = Files.readAllBytes(enc);

    cli(keyEnv())
        .run("change-master-key", "--encrypted-file", enc.toString(), "--yes")
        .failsWith(
            ExitCodes.FAILURE, "FIELDCRYPT_NEW_MASTER_KEY or FIELDCRYPT_NEW_MASTER_KEY_FILE");
    Map<String, String> env = new HashMap<>(keyEnv());
    env.put("FIELDCRYPT_NEW_MASTER_KEY", randomKey());
    cli(env)
        .run("change-master-key", "--encrypted-file", enc.toString())
        .failsWith(ExitCodes.USAGE, "rerun with --yes");

    assertThat(Files.readAllBytes(enc)).isEqualTo(before);
    assertThat(KeyringBackups.of(enc).list()).isEmpty();
  }

  @Test
  void changeMasterKey_help_namesTheVariables_andHasNoSecretOption() {
    CliHarness.Result r = CliHarness.noTerminal().run("change-master-key", "--help").succeeds();

    assertThat(r.out().replaceAll("\\s+", ""))
        .contains("--encrypted-file", "--argon2-memory", "--yes", "--logfile")
        .contains("FIELDCRYPT_NEW_MASTER_KEY[_FILE]", "FIELDCRYPT_MASTER_PASSPHRASE[_FILE]")
        .doesNotContain("--master-key", "--passphrase");
  }

  @Test
  void commands_logNoSecret() throws IOException {
    Path log = dir.resolve("all.log");
    encrypt(keyEnv(), "--logfile", log.toString()).succeeds();
    Map<String, String> env = new HashMap<>(keyEnv());
    env.put("FIELDCRYPT_NEW_MASTER_KEY", randomKey());
    secrets.add(env.get("FIELDCRYPT_NEW_MASTER_KEY"));
    noSecrets(
            cli(env)
                .run(
                    "change-master-key",
                    "--encrypted-file",
                    enc.toString(),
                    "--yes",
                    "--logfile",
                    log.toString()))
        .succeeds();
    CliHarness.Result verbose =
        noSecrets(
            cli(keyEnv())
                .run(
                    "decrypt-keyring",
                    "--encrypted-file",
                    enc.toString(),
                    "--env-file",
                    dir.resolve("x.env").toString(),
                    "--yes-write-plaintext",
                    "--logfile",
                    log.toString(),
                    "--verbose"));
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(verbose.err()).contains("error: cannot decrypt", "wrong master key");

    String logged = Files.readString(log);
    assertThat(logged)
        .contains("AUDIT action=encrypt-keyring")
        .contains("AUDIT action=change-master-key");
    for (String s : secrets) {
      assertThat(logged).doesNotContain(s);
    }
  }
}
