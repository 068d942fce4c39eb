package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.SECRET;
import static dev.fieldcrypt.vault.VaultTests.env;
import static dev.fieldcrypt.vault.VaultTests.keyring;
import static dev.fieldcrypt.vault.VaultTests.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.KeyringConfigException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake Vault over HTTPS, with a self-signed certificate for 127.0.0.1 that the JDK's keytool
 * generates at test time: VAULT_CACERT trusts it, the default trust store does not, and
 * VAULT_SKIP_VERIFY (asked for by name) skips the check.
 */
class VaultTlsTest {
  private static final char[] PASSWORD = "test-store".toCharArray();
  @TempDir static Path dir;
  private static FakeVault vault;
  private static Path caPem;

  @BeforeAll
  static void startHttps() throws Exception {
    Path store = dir.resolve("vault.p12");
    caPem = dir.resolve("vault-ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "vault",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        new String(PASSWORD));
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "vault",
        "-keystore",
        store.toString(),
        "-storepass",
        new String(PASSWORD),
        "-file",
        caPem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    vault = FakeVault.startTls(ssl);
    stored(vault, keyring(1));
  }

  @AfterAll
  static void stop() {
    if (vault != null) {
      vault.close();
    }
  }

  private static void keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private Map<String, String> tlsEnv() {
    Map<String, String> env = env(vault);
    env.put("FIELDCRYPT_VAULT_RETRIES", "0");
    return env;
  }

  @Test
  void caCert_trustsTheServer() {
    Map<String, String> env = tlsEnv();
    env.put("VAULT_CACERT", caPem.toString());

    assertThat(VaultKeySource.create(SECRET, env).load().labels()).containsExactly("v1");
  }

  @Test
  void noCaCert_handshakeFails_andTheMessageNamesVaultCacert() {
    assertThatThrownBy(() -> VaultKeySource.create(SECRET, tlsEnv()).load())
        .isInstanceOf(VaultConnectionException.class)
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("VAULT_CACERT");
  }

  @Test
  void skipVerify_askedForByName_acceptsTheUnknownCertificate_withALoudWarning() {
    Map<String, String> env = tlsEnv();
    env.put("VAULT_SKIP_VERIFY", "true");
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(VaultTls.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      assertThat(VaultKeySource.create(SECRET, env).load().labels()).containsExactly("v1");
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("VAULT_SKIP_VERIFY")
                  .contains("NOT verified");
            });
  }

  @Test
  void skipVerify_unset_doesNotSkip() {
    assertThat(VaultConfig.from(Map.of("VAULT_SKIP_VERIFY", "false")).skipVerify()).isFalse();
    assertThat(VaultConfig.from(Map.of()).skipVerify()).isFalse();
  }

  @Test
  void health_overTls() {
    Map<String, String> env = tlsEnv();
    env.put("VAULT_CACERT", caPem.toString());

    assertThat(VaultKeySource.create(SECRET, env).health().state())
        .isEqualTo(VaultHealth.State.ACTIVE);
  }

  @Test
  void caCert_missingFile_isConfigErrorNamingIt() {
    Map<String, String> env = tlsEnv();
    env.put("VAULT_CACERT", dir.resolve("absent.pem").toString());

    VaultKeySource source = VaultKeySource.create(SECRET, env); // opening reads no file

    assertThatThrownBy(source::load)
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("VAULT_CACERT")
        .hasMessageContaining("absent.pem");
  }

  @Test
  void caCert_notPem_isConfigError() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    Map<String, String> env = tlsEnv();
    env.put("VAULT_CACERT", junk.toString());

    assertThatThrownBy(() -> VaultKeySource.create(SECRET, env).load())
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("no PEM certificate");
  }
}
