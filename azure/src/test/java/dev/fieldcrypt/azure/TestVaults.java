package dev.fieldcrypt.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** What the tests share: one TLS certificate per run, sources wired to a {@link FakeKeyVault}. */
final class TestVaults {
  /** Three retries, milliseconds apart, so that fault tests are fast. */
  static final AzureSettings FAST =
      new AzureSettings(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));

  private static TestTls tls;

  private TestVaults() {}

  static synchronized TestTls tls() {
    if (tls == null) {
      try {
        var dir = Files.createTempDirectory("fieldcrypt-azure-tls");
        tls = TestTls.create(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return tls;
  }

  static FakeKeyVault vault() {
    try {
      return new FakeKeyVault(tls().server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDK client, trusting the test certificate. */
  static HttpClient httpClient() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls().client))
        .build();
  }

  /** A builder for the secret {@code name} of {@code vault}, with a fixed-token credential. */
  static AzureKeyVaultKeySource.Builder source(
      FakeKeyVault vault, String name, TokenCredential credential) {
    return AzureKeyVaultKeySource.builder()
        .secretUrl(vault.secretUrl(name))
        .environment(Map.of())
        .settings(FAST)
        .credential(credential)
        .httpClient(httpClient())
        .skipChallengeResourceVerification();
  }

  static Keyring keyring(String... labels) {
    List<KeyVersion> versions = java.util.Arrays.stream(labels).map(KeyVersion::generate).toList();
    return Keyring.of(labels[labels.length - 1], versions);
  }

  static Map<String, String> fields(Keyring keyring) {
    return KeyringEntries.toFields(keyring);
  }

  /** The message and the whole printed stack trace hold neither the token nor any secret value. */
  static void assertNoSecrets(Throwable e, String... secrets) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(FakeKeyVault.TOKEN);
    for (String s : secrets) {
      assertThat(trace.toString()).doesNotContain(s);
    }
  }

  /** A credential answering a fixed token, recording the scopes it is asked for. */
  static final class FixedToken implements TokenCredential {
    final List<String> scopes = new CopyOnWriteArrayList<>();
    private final String token;

    FixedToken(String token) {
      this.token = token;
    }

    FixedToken() {
      this(FakeKeyVault.TOKEN);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      scopes.addAll(request.getScopes());
      return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }
  }
}
