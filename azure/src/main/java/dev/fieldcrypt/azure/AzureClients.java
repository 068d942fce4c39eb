package dev.fieldcrypt.azure;

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
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.util.Map;

/**
 * Builds the SDK clients of a source: the JDK HTTP client, the retry policy of the {@link
 * AzureSettings}, HTTP logging off, and {@code DefaultAzureCredential} reading the source's
 * environment map (so a test, or a caller passing its own map, decides what the credential sees).
 * Building does no I/O.
 */
final class AzureClients {
  private AzureClients() {}

  static SecretClient secretClient(AzureKeyVaultKeySource.Builder b, AzureSettings settings) {
    Configuration configuration = configuration(b.environment);
    TokenCredential credential =
        b.credential != null
            ? b.credential
            : new DefaultAzureCredentialBuilder().configuration(configuration).build();
    SecretClientBuilder builder =
        new SecretClientBuilder()
            .vaultUrl(b.address.vaultUrl())
            .credential(credential)
            .httpClient(b.httpClient != null ? b.httpClient : httpClient(settings, configuration))
            .retryOptions(retryOptions(settings))
            .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
            .configuration(configuration);
    if (!b.verifyChallengeResource) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  static RetryOptions retryOptions(AzureSettings settings) {
    return new RetryOptions(
        new ExponentialBackoffOptions()
            .setMaxRetries(settings.maxRetries())
            .setBaseDelay(settings.retryDelay())
            .setMaxDelay(settings.maxRetryDelay()));
  }

  private static HttpClient httpClient(AzureSettings settings, Configuration configuration) {
    return new JdkHttpClientBuilder()
        .connectionTimeout(settings.timeout())
        .responseTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .configuration(configuration)
        .build();
  }

  /** The SDK's configuration with {@code environment} as its environment variables. */
  static Configuration configuration(Map<String, String> environment) {
    ConfigurationSource none = path -> Map.of();
    ConfigurationSource env = path -> environment;
    return new ConfigurationBuilder(none, none, env).build();
  }
}
