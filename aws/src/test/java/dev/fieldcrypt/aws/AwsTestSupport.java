package dev.fieldcrypt.aws;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.SecretKeyAccess;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Keyrings, environments and sources pointed at a {@link FakeSecretsManager}. */
final class AwsTestSupport {
  static final String ACCESS_KEY = "AKIAFIELDCRYPTTEST01";
  static final String SECRET_KEY = "fieldcrypt/test+secret/access/key/0123456789";

  /** Static test credentials, set here only: production uses the SDK's default chain. */
  static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  private AwsTestSupport() {}

  static Keyring keyring(String... labels) {
    List<KeyVersion> versions = new ArrayList<>();
    for (String label : labels) {
      versions.add(KeyVersion.generate(label));
    }
    return Keyring.of(labels[labels.length - 1], versions);
  }

  static String dotenv(Keyring keyring) {
    return KeyringEntries.toText(keyring);
  }

  static String json(Keyring keyring) {
    return Json.write(KeyringEntries.toFields(keyring));
  }

  static Map<String, String> env(FakeSecretsManager server, String... pairs) {
    return env(server.endpoint(), pairs);
  }

  /** {@code AWS_REGION=us-east-1}, the endpoint, and {@code pairs}. */
  static Map<String, String> env(String endpoint, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put(AwsSettings.REGION, "us-east-1");
    env.put(AwsSettings.ENDPOINT, endpoint);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** A source over {@code secretId} with 1 ms backoff, so that retry tests run fast. */
  static AwsSecretsManagerKeySource source(String secretId, Map<String, String> env) {
    AwsSettings settings =
        AwsSettings.of(secretId, env).withBackoff(Duration.ofMillis(1), Duration.ofMillis(1));
    return AwsSecretsManagerKeySource.of(settings, env, CREDENTIALS);
  }

  /** Every base64 key and salt of {@code keyring}, and the test secret access key. */
  static List<String> material(Keyring keyring) {
    List<String> out = new ArrayList<>(List.of(SECRET_KEY));
    Base64.Encoder b64 = Base64.getEncoder();
    for (KeyVersion v : keyring.versions()) {
      out.add(b64.encodeToString(v.keyBytes(SecretKeyAccess.get())));
      out.add(b64.encodeToString(v.saltBytes(SecretKeyAccess.get())));
    }
    return out;
  }

  /** A loopback port that nothing listens on (bound, then released). */
  static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The messages of {@code t} and of all its causes, joined. */
  static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      b.append(c).append('\n');
    }
    return b.toString();
  }
}
