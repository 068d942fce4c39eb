package dev.fieldcrypt.azure;

import com.azure.core.client.traits.ConfigurationTrait;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.client.traits.TokenCredentialTrait;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.util.Map;

/**
 * Builds the SDK clients of a source or a key wrapper: the JDK HTTP client with the settings'
 * timeout, the retry policy of the {@link AzureSettings}, HTTP logging off (a logged body would be
 * the keyring or a data key), and {@code DefaultAzureCredential} reading the given environment map
 * (so a test, or a caller passing its own map, decides what the credential sees). Building does no
 * I/O.
 *
 * @param environment the variables for settings, the credential and the proxy
 * @param settings retries and timeout
 * @param credential a caller's own credential, or null for {@code DefaultAzureCredential}
 * @param httpClient a caller's own client, or null for the JDK's
 * @param verifyChallengeResource false in tests only (see the builders)
 */
record AzureClients(
    Map<String, String> environment,
    AzureSettings settings,
    TokenCredential credential,
    HttpClient httpClient,
    boolean verifyChallengeResource) {
  private static final String JDK_CLIENT_PACKAGE = "com.azure.core.http.jdk.httpclient.";

  SecretClient secretClient(String vaultUrl) {
    Configuration configuration = configuration();
    SecretClientBuilder builder =
        configure(new SecretClientBuilder().vaultUrl(vaultUrl), configuration);
    if (!verifyChallengeResource) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  /** A client that wraps and unwraps in the service: the key is never fetched for local use. */
  CryptographyClient cryptographyClient(String keyUrl) {
    Configuration configuration = configuration();
    CryptographyClientBuilder builder =
        configure(
            new CryptographyClientBuilder().keyIdentifier(keyUrl).disableKeyCaching(),
            configuration);
    if (!verifyChallengeResource) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  /** The settings every SDK client builder of this module gets. */
  private <B extends HttpTrait<B> & TokenCredentialTrait<B> & ConfigurationTrait<B>> B configure(
      B builder, Configuration configuration) {
    HttpClient client = httpClient(configuration);
    if (client.getClass().getName().startsWith(JDK_CLIENT_PACKAGE)) {
      builder.addPolicy(new NoContentLengthPolicy());
    }
    return builder
        .credential(credential(configuration))
        .httpClient(client)
        .retryOptions(retryOptions())
        .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
        .configuration(configuration);
  }

  RetryOptions retryOptions() {
    return new RetryOptions(
        new ExponentialBackoffOptions()
            .setMaxRetries(settings.maxRetries())
            .setBaseDelay(settings.retryDelay())
            .setMaxDelay(settings.maxRetryDelay()));
  }

  private TokenCredential credential(Configuration configuration) {
    return credential != null
        ? credential
        : new DefaultAzureCredentialBuilder().configuration(configuration).build();
  }

  private HttpClient httpClient(Configuration configuration) {
    return httpClient != null
        ? httpClient
        : new JdkHttpClientBuilder()
            .connectionTimeout(settings.timeout())
            .responseTimeout(settings.timeout())
            .readTimeout(settings.timeout())
            .configuration(configuration)
            .build();
  }

  /** The SDK's configuration with {@code environment} as its environment variables. */
  private Configuration configuration() {
    ConfigurationSource none = path -> Map.of();
    ConfigurationSource env = path -> environment;
    return new ConfigurationBuilder(none, none, env).build();
  }
}
