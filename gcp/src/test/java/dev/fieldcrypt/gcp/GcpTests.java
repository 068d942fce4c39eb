package dev.fieldcrypt.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretName;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.SecretKeyAccess;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keyrings, environments and sources over a {@link FakeSecretManager}, for the tests. */
final class GcpTests {
  static final String PROJECT = "fieldcrypt-test";
  static final String SECRET = "keyring";
  static final String NAME = "projects/" + PROJECT + "/secrets/" + SECRET;

  /** Fast retries, so that the fault tests take milliseconds. */
  static final Map<String, String> FAST =
      Map.of(
          GcpSettings.MAX_ATTEMPTS, "3",
          GcpSettings.INITIAL_BACKOFF_MS, "5",
          GcpSettings.MAX_BACKOFF_MS, "20",
          GcpSettings.TIMEOUT_MS, "5000");

  private GcpTests() {}

  static GcpSecretManagerKeySource source(FakeSecretManager fake) {
    return source(fake, Map.of(), Clock.systemUTC());
  }

  static GcpSecretManagerKeySource source(FakeSecretManager fake, Map<String, String> env) {
    return source(fake, env, Clock.systemUTC());
  }

  /** A source on {@link #NAME} through a new channel to {@code fake}, without credentials. */
  static GcpSecretManagerKeySource source(
      FakeSecretManager fake, Map<String, String> env, Clock clock) {
    Map<String, String> all = new HashMap<>(FAST);
    all.putAll(env);
    return new GcpSecretManagerKeySource(
        SecretName.of(PROJECT, SECRET),
        all,
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(fake.channel())),
        NoCredentialsProvider.create(),
        clock);
  }

  static Keyring keyring(String... labels) {
    List<KeyVersion> versions = java.util.Arrays.stream(labels).map(KeyVersion::generate).toList();
    return Keyring.of(labels[labels.length - 1], versions);
  }

  static String dotenv(Keyring k) {
    return KeyringEntries.toText(k);
  }

  /** The keyring as a JSON object with the dotenv names. */
  static String json(Keyring k) {
    StringBuilder b = new StringBuilder("{");
    KeyringEntries.toFields(k)
        .forEach((n, v) -> b.append('"').append(n).append("\": \"").append(v).append("\","));
    b.setLength(b.length() - 1);
    return b.append("}").toString();
  }

  /** Every key of {@code k}, base64, to look for in messages. */
  static List<String> material(Keyring k) {
    return k.versions().stream()
        .flatMap(
            v ->
                java.util.stream.Stream.of(
                    Base64.getEncoder().encodeToString(v.keyBytes(SecretKeyAccess.get())),
                    Base64.getEncoder().encodeToString(v.saltBytes(SecretKeyAccess.get()))))
        .toList();
  }
}
